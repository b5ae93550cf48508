/**
 * SVG files are bundled as their source text, for `LabIcon`.
 */
declare module '*.svg' {
  const svgstr: string;
  export default svgstr;
}
