const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
  '`': '&#x60;',
  '=': '&#x3D;',
};

/** Text safe inside XML/SVG content or a quoted attribute (the same escapes handlebars uses). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"'`=]/g, (character) => XML_ENTITIES[character]!);
}
