/** XML whitespace (the S production: space, tab, line feed, carriage return), not JavaScript's wider notion. */
export const isXmlSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
