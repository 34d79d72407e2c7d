/**
 * Whether `text` matches `pattern`, where `*` stands for any run of characters (slashes included,
 * so `deepseek/*` covers every DeepSeek model) and every other character stands for itself.
 * Case-sensitive. A greedy scan with one backtrack point instead of a RegExp: no escaping, and
 * no pathological backtracking whatever an admin writes.
 */
export function matchesPattern(pattern: string, text: string): boolean {
  let patternIndex = 0;
  let textIndex = 0;
  let starIndex = -1;
  let textAfterStar = 0;
  while (textIndex < text.length) {
    if (patternIndex < pattern.length && pattern[patternIndex] !== '*' && pattern[patternIndex] === text[textIndex]) {
      patternIndex++;
      textIndex++;
    } else if (patternIndex < pattern.length && pattern[patternIndex] === '*') {
      starIndex = patternIndex++;
      textAfterStar = textIndex;
    } else if (starIndex >= 0) {
      // Let the last star swallow one more character and retry from there.
      patternIndex = starIndex + 1;
      textIndex = ++textAfterStar;
    } else {
      return false;
    }
  }
  while (pattern[patternIndex] === '*') patternIndex++;
  return patternIndex === pattern.length;
}
