/* The benchmark's X clients, compiled at bench time (gcc, libx11-dev).
 *   xpaint key X Y SIZE      a window over the screen, focused; each KeyPress fills the square at
 *                            X,Y with colour n+1 (n = presses so far; colour 0 at start), then XSync.
 *   xpaint animate X Y W H   fills the W x H rectangle at X,Y with a new colour every 2 ms, forever.
 * Colours follow paint_colour() in bench/lib/paint-colour.ts, so the client knows what to expect.
 * Prints "ready <epoch ms>" on stdout once the first colour is on the screen. */
#include <X11/Xlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static unsigned long colour(unsigned n) {
  unsigned r = (n * 67u + 40u) & 255u, g = (n * 151u + 90u) & 255u, b = (n * 29u + 160u) & 255u;
  return (r << 16) | (g << 8) | b;
}

int main(int argc, char **argv) {
  if (argc < 5) return 2;
  Display *d = XOpenDisplay(NULL);
  if (!d) { fprintf(stderr, "xpaint: cannot open display\n"); return 1; }
  int s = DefaultScreen(d);
  int animate = strcmp(argv[1], "animate") == 0;
  int x = atoi(argv[2]), y = atoi(argv[3]);
  int w = atoi(argv[4]), h = animate && argc > 5 ? atoi(argv[5]) : w;
  Window win = XCreateSimpleWindow(d, RootWindow(d, s), 0, 0, DisplayWidth(d, s), DisplayHeight(d, s), 0,
                                   BlackPixel(d, s), BlackPixel(d, s));
  XSelectInput(d, win, KeyPressMask | ExposureMask | StructureNotifyMask);
  XMapRaised(d, win);
  GC gc = XCreateGC(d, win, 0, NULL);
  XEvent e;
  do XNextEvent(d, &e); while (e.type != MapNotify);
  /* No window manager: give the window the keyboard ourselves. */
  XSetInputFocus(d, win, RevertToParent, CurrentTime);
  unsigned n = 0;
  XSetForeground(d, gc, colour(n));
  XFillRectangle(d, win, gc, x, y, w, h);
  XSync(d, False);
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  printf("ready %lld\n", (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000);
  fflush(stdout);
  if (animate) {
    struct timespec pause = {0, 2000000};
    for (;;) {
      XSetForeground(d, gc, colour(++n));
      XFillRectangle(d, win, gc, x, y, w, h);
      XSync(d, False);
      nanosleep(&pause, NULL);
    }
  }
  for (;;) {
    XNextEvent(d, &e);
    if (e.type == KeyPress) n += 1;
    else if (e.type != Expose) continue;
    XSetForeground(d, gc, colour(n));
    XFillRectangle(d, win, gc, x, y, w, h);
    XSync(d, False);
  }
}
