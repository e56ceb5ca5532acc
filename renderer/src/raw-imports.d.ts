// Vite's `?raw` imports give the file's text (the About page's README).
declare module '*.md?raw' {
  const text: string;
  export default text;
}
