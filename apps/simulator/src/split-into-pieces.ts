/**
 * Splits text into exactly `count` consecutive pieces of near-equal length (some may be empty when
 * the text is shorter than `count`). Joining the pieces gives the text back.
 */
export function splitIntoPieces(text: string, count: number): string[] {
  if (count <= 0) return [];
  const characters = Array.from(text); // never split a surrogate pair
  const pieces: string[] = [];
  let start = 0;
  for (let index = 1; index <= count; index++) {
    const end = Math.round((index * characters.length) / count);
    pieces.push(characters.slice(start, end).join(''));
    start = end;
  }
  return pieces;
}
