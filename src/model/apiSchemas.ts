/**
 * Generated from python_ext/jupyterlab_memory_inspector/schemas/{api.schema.json,cell-record.schema.json} by scripts/record-types.mjs: do not edit.
 * Run `jlpm build:record-types` after changing the schema.
 */

import { AnySchemaObject } from 'ajv/dist/2020';

/**
 * The API's schemas by file name (a `$ref` to another file names it so).
 */
export const API_SCHEMAS: Record<string, AnySchemaObject> = {
  'api.schema.json': {
    definitions: {
      ServerInfo: {
        type: 'object',
        required: ['api_version', 'version'],
        properties: { api_version: { const: 1 }, version: { type: 'string' } }
      },
      ProbeInfo: {
        type: 'object',
        required: [
          'probe_version',
          'probe_session',
          'pid',
          'hostname',
          'python',
          'platform',
          'peak_method',
          'rss_available',
          'rss',
          'config'
        ],
        properties: {
          probe_version: { type: 'string' },
          probe_session: { type: 'string' },
          pid: { type: 'integer' },
          hostname: { type: 'string' },
          python: { type: 'string' },
          platform: { type: 'string' },
          peak_method: { enum: ['vmhwm', 'sampling', 'endpoints'] },
          rss_available: { type: 'boolean' },
          rss: { type: 'integer', minimum: 0 },
          config: { $ref: '#/definitions/ProbeConfig' }
        }
      },
      Monitor: {
        type: 'object',
        required: [
          'kernel_id',
          'history_id',
          'state',
          'detail',
          'probe',
          'execution_state',
          'last_seq',
          'record_count',
          'live',
          'compacted',
          'lifecycle'
        ],
        properties: {
          kernel_id: { type: 'string' },
          history_id: { type: 'string' },
          state: {
            enum: [
              'connecting',
              'installing',
              'active',
              'unsupported',
              'failed',
              'closed'
            ]
          },
          detail: { type: 'string' },
          messages: {
            type: 'object',
            required: ['detail'],
            properties: { detail: { $ref: '#/definitions/Message' } }
          },
          probe: {
            oneOf: [{ $ref: '#/definitions/ProbeInfo' }, { type: 'null' }]
          },
          execution_state: { type: 'string' },
          last_seq: { type: 'integer', minimum: 0 },
          record_count: { type: 'integer', minimum: 0 },
          live: { $ref: '#/definitions/LiveSource' },
          compacted: { type: 'integer', minimum: 0 },
          lifecycle: {
            type: 'array',
            items: { $ref: '#/definitions/LifecycleEvent' }
          },
          group: {
            oneOf: [
              { $ref: 'cell-record.schema.json#/definitions/GroupMemory' },
              { type: 'null' }
            ]
          }
        }
      },
      RecordEntry: {
        type: 'object',
        required: ['seq', 'record'],
        properties: {
          seq: { type: 'integer', minimum: 1 },
          record: { $ref: 'cell-record.schema.json' },
          leak: { $ref: 'cell-record.schema.json#/definitions/LeakVerdict' }
        }
      },
      KernelsReply: {
        type: 'object',
        required: ['kernels'],
        properties: {
          kernels: { type: 'array', items: { $ref: '#/definitions/Monitor' } }
        }
      },
      RecordsReply: {
        type: 'object',
        required: ['monitor', 'records'],
        properties: {
          monitor: { $ref: '#/definitions/Monitor' },
          records: {
            type: 'array',
            items: { $ref: '#/definitions/RecordEntry' }
          }
        }
      },
      RecordsEvent: {
        type: 'object',
        required: ['type', 'records'],
        properties: {
          type: { const: 'records' },
          records: {
            type: 'array',
            items: { $ref: '#/definitions/RecordEntry' }
          }
        }
      },
      MonitorEvent: {
        type: 'object',
        required: ['type', 'monitor'],
        properties: {
          type: { const: 'monitor' },
          monitor: { $ref: '#/definitions/Monitor' }
        }
      },
      StreamEvent: {
        oneOf: [
          { $ref: '#/definitions/RecordsEvent' },
          { $ref: '#/definitions/MonitorEvent' },
          { $ref: '#/definitions/SamplesEvent' },
          { $ref: '#/definitions/OverviewEvent' }
        ]
      },
      ErrorReply: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'integer' },
          message: { type: 'string' },
          messages: {
            type: 'object',
            required: ['message'],
            properties: { message: { $ref: '#/definitions/Message' } }
          }
        }
      },
      Message: {
        type: 'object',
        required: ['id', 'args'],
        properties: {
          id: { type: 'string' },
          args: {
            type: 'array',
            items: {
              anyOf: [
                { type: 'string' },
                { type: 'integer' },
                { $ref: '#/definitions/Message' }
              ]
            }
          }
        }
      },
      ProbeConfig: {
        type: 'object',
        required: ['tracing', 'nframes', 'scan_budget', 'max_variables'],
        properties: {
          tracing: { type: 'boolean' },
          nframes: { type: 'integer', minimum: 1, maximum: 3 },
          scan_budget: { type: 'number', exclusiveMinimum: 0, maximum: 10 },
          max_variables: { type: 'integer', minimum: 1, maximum: 1000 }
        }
      },
      ConfigRequest: {
        type: 'object',
        minProperties: 1,
        properties: {
          tracing: { type: 'boolean' },
          nframes: { type: 'integer', minimum: 1, maximum: 3 },
          scan_budget: { type: 'number', exclusiveMinimum: 0, maximum: 10 },
          max_variables: { type: 'integer', minimum: 1, maximum: 1000 },
          sample_interval: { type: 'number', minimum: 0.1, maximum: 10 }
        }
      },
      ConfigReply: {
        type: 'object',
        required: ['applied', 'config'],
        properties: {
          applied: { type: 'boolean' },
          config: { $ref: '#/definitions/KernelSettings' }
        }
      },
      LiveSource: {
        type: 'object',
        required: ['source', 'metric', 'note', 'interval'],
        properties: {
          source: { enum: ['process', 'usage_request', null] },
          metric: { enum: ['rss', 'pss', null] },
          note: { type: 'string' },
          messages: {
            type: 'object',
            required: ['note'],
            properties: { note: { $ref: '#/definitions/Message' } }
          },
          interval: { type: 'number', minimum: 0 }
        }
      },
      Sample: {
        type: 'object',
        required: ['time', 'memory', 'probe_session'],
        properties: {
          time: { type: 'number' },
          memory: { type: 'integer', minimum: 0 },
          tree: { type: 'integer', minimum: 0 },
          probe_session: { type: ['string', 'null'] },
          group: {
            oneOf: [
              { $ref: 'cell-record.schema.json#/definitions/GroupMemory' },
              { type: 'null' }
            ]
          }
        }
      },
      SamplesEvent: {
        type: 'object',
        required: ['type', 'samples'],
        properties: {
          type: { const: 'samples' },
          samples: { type: 'array', items: { $ref: '#/definitions/Sample' } }
        }
      },
      KernelSettings: {
        type: 'object',
        required: [
          'tracing',
          'nframes',
          'scan_budget',
          'max_variables',
          'sample_interval'
        ],
        properties: {
          tracing: { type: 'boolean' },
          nframes: { type: 'integer', minimum: 1, maximum: 3 },
          scan_budget: { type: 'number', exclusiveMinimum: 0, maximum: 10 },
          max_variables: { type: 'integer', minimum: 1, maximum: 1000 },
          sample_interval: { type: 'number', minimum: 0.1, maximum: 10 }
        }
      },
      CollectReply: {
        type: 'object',
        required: [
          'collected',
          'uncollectable',
          'rss_before',
          'rss_after',
          'duration'
        ],
        properties: {
          collected: { type: 'integer', minimum: 0 },
          uncollectable: { type: 'integer', minimum: 0 },
          rss_before: { type: 'integer', minimum: 0 },
          rss_after: { type: 'integer', minimum: 0 },
          duration: { type: 'number', minimum: 0 }
        }
      },
      Suggestion: {
        type: 'object',
        required: [
          'id',
          'kind',
          'title',
          'code',
          'reason',
          'expected_bytes',
          'confidence',
          'names',
          'warnings'
        ],
        properties: {
          id: { type: 'string' },
          kind: {
            enum: [
              'del',
              'xdel',
              'clear',
              'none',
              'exception',
              'close',
              'gc',
              'malloc_trim',
              'cuda'
            ]
          },
          title: { type: 'string' },
          code: { type: 'string' },
          reason: { type: 'string' },
          expected_bytes: { type: 'integer', minimum: 0 },
          confidence: { enum: ['high', 'medium', 'low'] },
          names: { type: 'array', items: { type: 'string' } },
          warnings: { type: 'array', items: { type: 'string' } },
          chosen_by_default: { type: 'boolean' },
          messages: {
            type: 'object',
            required: ['title', 'reason', 'warnings'],
            properties: {
              title: { $ref: '#/definitions/Message' },
              reason: { $ref: '#/definitions/Message' },
              warnings: {
                type: 'array',
                items: { $ref: '#/definitions/Message' }
              }
            }
          }
        }
      },
      NotebookCell: {
        type: 'object',
        required: ['id', 'source'],
        properties: {
          id: { type: 'string', minLength: 1, maxLength: 200 },
          source: { type: 'string' },
          label: { type: 'string', maxLength: 50 }
        }
      },
      AdviceRequest: {
        type: 'object',
        required: ['cells'],
        properties: {
          cells: {
            type: 'array',
            maxItems: 20000,
            items: { $ref: '#/definitions/NotebookCell' }
          },
          cell_id: { type: ['string', 'null'] },
          choose: { type: 'array', items: { type: 'string' } }
        }
      },
      SharedGain: {
        type: 'object',
        required: ['suggestion', 'name', 'bytes', 'holders'],
        properties: {
          suggestion: { type: 'string' },
          name: { type: 'string' },
          bytes: { type: 'integer', minimum: 0 },
          holders: {
            type: 'array',
            items: {
              type: 'object',
              required: ['name', 'suggestion', 'size'],
              properties: {
                name: { type: 'string' },
                suggestion: { type: ['string', 'null'] },
                size: { type: 'integer', minimum: 0 }
              }
            }
          }
        }
      },
      FreeMemoryCell: {
        type: 'object',
        required: ['source', 'predicted', 'suggestions'],
        properties: {
          source: { type: 'string' },
          predicted: { type: 'integer', minimum: 0 },
          suggestions: { type: 'array', items: { type: 'string' } }
        }
      },
      AdviceFacts: {
        type: 'object',
        required: ['resources', 'malloc', 'torch_cuda', 'garbage'],
        properties: {
          resources: {
            type: 'array',
            items: {
              type: 'object',
              required: ['name', 'kind', 'type', 'detail', 'size'],
              properties: {
                name: { type: 'string' },
                kind: { enum: ['file', 'socket', 'mmap'] },
                type: { type: 'string' },
                detail: { type: 'string' },
                size: { type: 'integer', minimum: 0 }
              }
            }
          },
          malloc: {
            oneOf: [
              { type: 'null' },
              {
                type: 'object',
                required: ['free', 'in_use', 'trimmable'],
                properties: {
                  free: { type: 'integer', minimum: 0 },
                  in_use: { type: 'integer', minimum: 0 },
                  trimmable: { type: 'integer', minimum: 0 }
                }
              }
            ]
          },
          torch_cuda: {
            oneOf: [
              { type: 'null' },
              {
                type: 'object',
                required: ['reserved', 'allocated', 'cached'],
                properties: {
                  reserved: { type: 'integer', minimum: 0 },
                  allocated: { type: 'integer', minimum: 0 },
                  cached: { type: 'integer', minimum: 0 }
                }
              }
            ]
          },
          garbage: {
            type: 'object',
            required: ['objects', 'bytes', 'complete'],
            properties: {
              objects: { type: ['integer', 'null'], minimum: 0 },
              bytes: { type: ['integer', 'null'], minimum: 0 },
              complete: { type: 'boolean' }
            }
          }
        }
      },
      AdviceReply: {
        type: 'object',
        required: ['suggestions', 'cell', 'facts', 'record_seq'],
        properties: {
          suggestions: {
            type: 'array',
            items: { $ref: '#/definitions/Suggestion' }
          },
          cell: { $ref: '#/definitions/FreeMemoryCell' },
          shared: {
            type: 'array',
            items: { $ref: '#/definitions/SharedGain' }
          },
          facts: { $ref: '#/definitions/AdviceFacts' },
          record_seq: { type: 'integer', minimum: 0 }
        }
      },
      ReportRequest: {
        type: 'object',
        required: ['format', 'notebook_path', 'cells'],
        properties: {
          format: { enum: ['html', 'json', 'csv', 'markdown'] },
          notebook_path: { type: 'string' },
          cells: {
            type: 'array',
            maxItems: 20000,
            items: { $ref: '#/definitions/NotebookCell' }
          },
          save: { type: 'boolean' }
        }
      },
      ReportSaved: {
        type: 'object',
        required: ['path'],
        properties: { path: { type: 'string' } }
      },
      LifecycleEvent: {
        type: 'object',
        required: ['time', 'event'],
        properties: {
          time: { type: 'number' },
          event: { enum: ['started', 'restarted', 'died', 'interrupted'] },
          death: {
            allOf: [
              { $ref: 'cell-record.schema.json#/definitions/KernelDeath' }
            ]
          }
        }
      },
      OverviewKernel: {
        type: 'object',
        required: [
          'kernel_id',
          'name',
          'path',
          'type',
          'state',
          'monitor_state',
          'memory',
          'peak',
          'limit',
          'limit_kind',
          'share',
          'last_cell'
        ],
        properties: {
          kernel_id: { type: 'string' },
          name: { type: 'string' },
          path: { type: ['string', 'null'] },
          type: { type: ['string', 'null'] },
          state: {
            enum: [
              'idle',
              'busy',
              'starting',
              'dead',
              'not answering',
              'unknown'
            ]
          },
          monitor_state: {
            enum: [
              'connecting',
              'installing',
              'active',
              'unsupported',
              'failed',
              'closed'
            ]
          },
          memory: { type: ['integer', 'null'], minimum: 0 },
          kernel_memory: { type: ['integer', 'null'], minimum: 0 },
          child_processes: { type: ['integer', 'null'], minimum: 0 },
          peak: { type: ['integer', 'null'], minimum: 0 },
          limit: { type: ['integer', 'null'], minimum: 0 },
          limit_kind: { enum: ['limit', 'host', null] },
          share: { type: ['number', 'null'], minimum: 0 },
          last_cell: {
            oneOf: [
              { $ref: '#/definitions/OverviewLastCell' },
              { type: 'null' }
            ]
          }
        }
      },
      OverviewLastCell: {
        type: 'object',
        required: ['execution_count', 'cell_id', 'end', 'status'],
        properties: {
          execution_count: { type: ['integer', 'null'] },
          cell_id: { type: ['string', 'null'] },
          end: { type: 'number' },
          status: { type: 'string' }
        }
      },
      OverviewReply: {
        type: 'object',
        required: ['time', 'kernels', 'total', 'limit', 'limit_kind', 'share'],
        properties: {
          time: { type: 'number' },
          kernels: {
            type: 'array',
            items: { $ref: '#/definitions/OverviewKernel' }
          },
          total: { type: 'integer', minimum: 0 },
          limit: { type: ['integer', 'null'], minimum: 0 },
          limit_kind: { enum: ['limit', 'host', null] },
          share: { type: ['number', 'null'], minimum: 0 }
        }
      },
      OverviewEvent: {
        type: 'object',
        required: ['type', 'overview'],
        properties: {
          type: { const: 'overview' },
          overview: { $ref: '#/definitions/OverviewReply' }
        }
      }
    }
  },
  'cell-record.schema.json': {
    type: 'object',
    required: [
      'schema_version',
      'probe_session',
      'cell_id',
      'execution_count',
      'msg_id',
      'status',
      'raised',
      'start',
      'end',
      'duration',
      'rss_before',
      'rss_after',
      'rss_delta',
      'peak',
      'peak_method',
      'probe_time',
      'gc',
      'heap',
      'limit',
      'host',
      'variables'
    ],
    properties: {
      schema_version: { const: 1 },
      probe_session: { type: 'string', minLength: 1 },
      cell_id: { type: ['string', 'null'] },
      execution_count: { type: ['integer', 'null'], minimum: 0 },
      msg_id: { type: ['string', 'null'] },
      status: { enum: ['ok', 'error', 'syntax_error', 'empty'] },
      raised: { type: 'boolean' },
      start: { type: 'number' },
      end: { type: 'number' },
      duration: { type: 'number', minimum: 0 },
      rss_before: { type: 'integer', minimum: 0 },
      rss_after: { type: 'integer', minimum: 0 },
      rss_delta: { type: 'integer' },
      peak: { type: 'integer', minimum: 0 },
      peak_method: { enum: ['vmhwm', 'sampling', 'endpoints'] },
      tree: { $ref: '#/definitions/ProcessTree' },
      probe_time: { type: 'number', minimum: 0 },
      gc: { $ref: '#/definitions/GcReport' },
      heap: { oneOf: [{ $ref: '#/definitions/HeapReport' }, { type: 'null' }] },
      limit: { $ref: '#/definitions/MemoryLimit' },
      host: { $ref: '#/definitions/HostMemory' },
      variables: { $ref: '#/definitions/VariablesReport' },
      oom_guard: { allOf: [{ $ref: '#/definitions/OomGuard' }] },
      death: { allOf: [{ $ref: '#/definitions/KernelDeath' }] },
      from_live_readings: { const: true }
    },
    definitions: {
      ProcessTree: {
        type: 'object',
        required: [
          'before',
          'after',
          'peak',
          'method',
          'sample_interval',
          'processes'
        ],
        properties: {
          before: { type: 'integer', minimum: 0 },
          after: { type: 'integer', minimum: 0 },
          peak: { type: 'integer', minimum: 0 },
          method: { enum: ['kernel', 'rss_uss'] },
          sample_interval: { type: 'number', minimum: 0 },
          processes: {
            type: 'array',
            items: { $ref: '#/definitions/TreeProcess' }
          }
        }
      },
      TreeProcess: {
        type: 'object',
        required: ['pid', 'name', 'kernel', 'memory', 'at_peak'],
        properties: {
          pid: { type: 'integer', minimum: 0 },
          name: { type: 'string' },
          kernel: { type: 'boolean' },
          memory: { type: ['integer', 'null'], minimum: 0 },
          at_peak: { type: ['integer', 'null'], minimum: 0 }
        }
      },
      GcReport: {
        type: 'object',
        required: [
          'enabled',
          'thresholds',
          'counts',
          'frozen',
          'collections',
          'collected',
          'uncollectable',
          'pause'
        ],
        properties: {
          enabled: { type: 'boolean' },
          thresholds: { type: 'array', items: { type: 'integer' } },
          counts: { type: 'array', items: { type: 'integer' } },
          frozen: { type: 'integer', minimum: 0 },
          collections: {
            type: 'array',
            items: { type: 'integer', minimum: 0 }
          },
          collected: { type: 'integer', minimum: 0 },
          uncollectable: { type: 'integer', minimum: 0 },
          pause: { type: 'number', minimum: 0 }
        }
      },
      HeapReport: {
        type: 'object',
        required: [
          'current',
          'peak',
          'start',
          'nframes',
          'top_lines',
          'top_lines_note'
        ],
        properties: {
          start: { type: 'integer', minimum: 0 },
          current: { type: 'integer', minimum: 0 },
          peak: { type: 'integer', minimum: 0 },
          nframes: { type: 'integer', minimum: 1, maximum: 3 },
          top_lines: {
            type: 'array',
            items: { $ref: '#/definitions/AllocationLine' }
          },
          top_lines_note: { type: ['string', 'null'] }
        }
      },
      AllocationLine: {
        type: 'object',
        required: ['line', 'source', 'size', 'count'],
        properties: {
          line: { type: 'integer', minimum: 1 },
          source: { type: 'string' },
          size: { type: 'integer', minimum: 0 },
          count: { type: 'integer', minimum: 0 }
        }
      },
      MemoryLimit: {
        type: 'object',
        required: ['bytes', 'source'],
        properties: {
          bytes: { type: ['integer', 'null'], minimum: 0 },
          source: { enum: ['cgroup2', 'cgroup1', 'env', null] }
        }
      },
      HostMemory: {
        type: 'object',
        required: ['total', 'available'],
        properties: {
          total: { type: ['integer', 'null'], minimum: 0 },
          available: { type: ['integer', 'null'], minimum: 0 }
        }
      },
      VariablesReport: {
        type: 'object',
        required: ['items', 'partial', 'scanned', 'total', 'elapsed', 'budget'],
        properties: {
          items: { type: 'array', items: { $ref: '#/definitions/Variable' } },
          partial: { type: 'boolean' },
          scanned: { type: 'integer', minimum: 0 },
          total: { type: 'integer', minimum: 0 },
          elapsed: { type: 'number', minimum: 0 },
          budget: { type: 'number', minimum: 0 }
        }
      },
      Variable: {
        type: 'object',
        required: [
          'name',
          'kind',
          'type',
          'size',
          'exact',
          'summary',
          'new',
          'view_of',
          'holders'
        ],
        properties: {
          name: { type: 'string' },
          kind: { enum: ['name', 'output', 'exception'] },
          type: { type: 'string' },
          size: { type: 'integer', minimum: 0 },
          exact: { type: 'boolean' },
          summary: { type: 'string' },
          new: { type: 'boolean' },
          view_of: { type: ['string', 'null'] },
          holders: { type: 'array', items: { $ref: '#/definitions/Holder' } },
          own: { type: 'integer', minimum: 0 },
          shared: {
            type: 'array',
            items: { $ref: '#/definitions/SharedData' }
          },
          hidden: { type: 'boolean' }
        }
      },
      SharedData: {
        type: 'object',
        required: ['with', 'size', 'counted_here'],
        properties: {
          with: { type: 'string' },
          size: { type: 'integer', minimum: 0 },
          counted_here: { type: 'boolean' }
        }
      },
      Holder: {
        type: 'object',
        required: ['kind', 'where'],
        properties: {
          kind: {
            enum: [
              'name',
              'output_cache',
              'exception',
              'container',
              'view',
              'base'
            ]
          },
          where: { type: 'string' },
          hidden: { type: 'boolean' }
        }
      },
      GroupMemory: {
        type: 'object',
        required: ['scope', 'usage', 'limit', 'oom_kills'],
        properties: {
          scope: { enum: ['group', 'host'] },
          usage: { type: 'integer', minimum: 0 },
          limit: { type: 'integer', minimum: 0 },
          oom_kills: { type: ['integer', 'null'], minimum: 0 }
        }
      },
      OomGuard: {
        type: 'object',
        required: [
          'action',
          'scope',
          'usage',
          'limit',
          'threshold',
          'highest_after',
          'stopped'
        ],
        properties: {
          action: { enum: ['interrupted'] },
          scope: { enum: ['group', 'host'] },
          usage: { type: 'integer', minimum: 0 },
          limit: { type: 'integer', minimum: 0 },
          threshold: { type: 'number' },
          highest_after: { type: 'integer', minimum: 0 },
          stopped: { type: 'boolean' },
          interval: { type: ['number', 'null'], minimum: 0 }
        }
      },
      KernelDeath: {
        type: 'object',
        required: ['cause', 'evidence', 'exit_code'],
        properties: {
          cause: { enum: ['oom_kill', 'signal', 'crash', 'exit', 'unknown'] },
          evidence: { type: 'string' },
          exit_code: { type: ['integer', 'null'] },
          signal: { type: 'string' },
          scope: { enum: ['group', 'host'] },
          usage: { type: 'integer', minimum: 0 },
          limit: { type: 'integer', minimum: 0 },
          oom_kills: { type: ['integer', 'null'], minimum: 0 },
          cell_id: { type: ['string', 'null'] },
          execution_count: { type: ['integer', 'null'] },
          msg_id: { type: ['string', 'null'] }
        }
      },
      LeakHolder: {
        type: 'object',
        required: ['kind', 'name', 'type', 'growth'],
        properties: {
          kind: { enum: ['output_cache', 'exception', 'variable'] },
          name: { type: 'string' },
          type: { type: 'string' },
          growth: { type: 'integer', minimum: 0 }
        }
      },
      LeakVerdict: {
        type: 'object',
        required: [
          'runs',
          'retained',
          'peaks',
          'growth_per_run',
          'growths',
          'leaking',
          'keeps',
          'tolerance',
          'holder'
        ],
        properties: {
          runs: { type: 'integer', minimum: 1 },
          retained: { type: 'array', items: { type: 'integer' } },
          peaks: { type: 'array', items: { type: 'integer', minimum: 0 } },
          growth_per_run: { type: 'integer' },
          growths: { type: 'integer', minimum: 0 },
          leaking: { type: 'boolean' },
          keeps: { type: 'integer' },
          tolerance: { type: 'integer', minimum: 0 },
          holder: {
            oneOf: [{ $ref: '#/definitions/LeakHolder' }, { type: 'null' }]
          }
        }
      }
    }
  }
};
