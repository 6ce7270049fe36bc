#!/usr/bin/env python3
"""Ask a window to close as a window manager does when its close button is
clicked: a WM_PROTOCOLS client message with WM_DELETE_WINDOW (ICCCM 4.2.8.1).
Usage: wmclose.py WINDOW_ID (on $DISPLAY). Uses libX11 through ctypes."""
import ctypes
import ctypes.util
import sys

CLIENT_MESSAGE = 33     # X.h ClientMessage
NO_EVENT_MASK = 0


class ClientMessage(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong),
                ("send_event", ctypes.c_int), ("display", ctypes.c_void_p),
                ("window", ctypes.c_ulong), ("message_type", ctypes.c_ulong),
                ("format", ctypes.c_int), ("data", ctypes.c_long * 5)]


class XEvent(ctypes.Union):
    _fields_ = [("xclient", ClientMessage), ("pad", ctypes.c_long * 24)]


def main():
    x = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
    x.XOpenDisplay.restype = ctypes.c_void_p
    x.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x.XInternAtom.restype = ctypes.c_ulong
    x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    x.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long,
                             ctypes.POINTER(XEvent)]
    x.XFlush.argtypes = [ctypes.c_void_p]
    x.XCloseDisplay.argtypes = [ctypes.c_void_p]
    dpy = x.XOpenDisplay(None)
    if not dpy:
        sys.exit("wmclose: cannot open the display")
    win = int(sys.argv[1], 0)
    ev = XEvent()
    ev.xclient.type = CLIENT_MESSAGE
    ev.xclient.window = win
    ev.xclient.message_type = x.XInternAtom(dpy, b"WM_PROTOCOLS", 0)
    ev.xclient.format = 32
    ev.xclient.data[0] = x.XInternAtom(dpy, b"WM_DELETE_WINDOW", 0)
    if not x.XSendEvent(dpy, win, 0, NO_EVENT_MASK, ctypes.byref(ev)):
        sys.exit("wmclose: XSendEvent failed")
    x.XFlush(dpy)
    x.XCloseDisplay(dpy)


main()
