// Placeholder: the extension is being written (issue 2).
export function activate(): void {}
export function deactivate(): void {}
