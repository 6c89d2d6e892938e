// This file does not parse: analysis must recover and go on.
export function handler(req, res {
  const x = [1, 2,, 3;
  if (x) { res.send(
}
class {
