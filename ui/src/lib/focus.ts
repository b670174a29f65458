// Moves the keyboard focus to a new screen's heading when it appears (the heading has
// tabindex="-1"), so a screen reader reads where the user now is.
export function focusOnMount(node: HTMLElement) {
  node.focus();
}
