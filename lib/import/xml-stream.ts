/**
 * Streaming XML for export files that may be hundreds of megabytes (WordPress WXR, Disqus): saxes reads the
 * file in chunks and hands over one small element tree per record (a WordPress <item>, a Disqus <post>),
 * so memory stays bounded by the largest single record, not the file.
 */
import fs from 'node:fs';
import { SaxesParser } from 'saxes';

export type XmlNode = { name: string; attrs: Record<string, string>; text: string; children: XmlNode[] };

/** The first child called `name` (prefix included, e.g. "wp:post_id"). */
export function child(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}

/** The trimmed text of the first child called `name`, or ''. */
export function text(node: XmlNode, name: string): string {
  return child(node, name)?.text.trim() ?? '';
}

export function children(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((c) => c.name === name);
}

export class XmlError extends Error {}

/**
 * Yields every element whose name is in `records` (wherever it appears), as a tree of its descendants.
 * A malformed file throws XmlError naming the line and column.
 */
export async function* xmlRecords(file: string, records: Set<string>): AsyncGenerator<XmlNode> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const ready: XmlNode[] = [];
  const stack: XmlNode[] = [];
  let failure: Error | null = null;
  parser.on('opentag', (tag) => {
    if (!stack.length && !records.has(tag.name)) return;
    const node: XmlNode = { name: tag.name, attrs: tag.attributes as Record<string, string>, text: '', children: [] };
    stack.at(-1)?.children.push(node);
    stack.push(node);
  });
  const onText = (t: string) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    if (!stack.length) return;
    const node = stack.pop()!;
    if (!stack.length) ready.push(node);
  });
  parser.on('error', (err) => {
    failure ??= new XmlError(`Not well-formed XML (line ${parser.line}, column ${parser.column}): ${err.message.split('\n')[0]}`);
  });
  const input = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  for await (const chunk of input) {
    parser.write(chunk as string);
    if (failure) throw failure;
    while (ready.length) yield ready.shift()!;
  }
  parser.close();
  if (failure) throw failure;
  while (ready.length) yield ready.shift()!;
}
