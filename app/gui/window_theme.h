#pragma once

// The whole application's colours follow the view's theme: docks, menus, lists and dialogs go
// dark with the point view, and back to the desktop's own palette when it turns light.
void applyWindowTheme(bool dark);
