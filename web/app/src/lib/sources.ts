// What a host may paste: a direct media URL (provider.direct), a VidKing reference
// (movie:603, tv:1399:1:2) or a VidKing embed URL, which we turn into its reference.
export function parsePastedSource(input: string): { provider: string; ref: string } | null {
  const text = input.trim();
  if (!text) return null;
  const vidkingRef = /^(movie:\d+|tv:\d+:\d+:\d+)$/i.exec(text);
  if (vidkingRef) return { provider: 'provider.vidking', ref: vidkingRef[1]!.toLowerCase() };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (/(^|\.)vidking\.net$/i.test(url.hostname)) {
    const movie = /\/embed\/movie\/(\d+)/.exec(url.pathname);
    if (movie) return { provider: 'provider.vidking', ref: `movie:${movie[1]}` };
    const tv = /\/embed\/tv\/(\d+)\/(\d+)\/(\d+)/.exec(url.pathname);
    if (tv) return { provider: 'provider.vidking', ref: `tv:${tv[1]}:${tv[2]}:${tv[3]}` };
  }
  return { provider: 'provider.direct', ref: url.toString() };
}
