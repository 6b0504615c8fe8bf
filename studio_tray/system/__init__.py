"""Small OS seams: the browser, desktop actions, dialogs, the frozen build, the instance lock."""
