"""The Jupyter server extension: a monitor for every kernel, and the API that serves its records.

It talks to the kernel's probe only through ``probe_client`` and ``protocol``, never by
importing the probe package.
"""
