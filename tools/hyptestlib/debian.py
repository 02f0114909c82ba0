# SPDX-License-Identifier: MIT
# Imports of Debian's python3 packages (python3-junitparser, lava-common, python3-yaml) from whichever python3 runs the tools.
import importlib
import os
import sys

# Where Debian's python3-* packages install; a python3 that is not Debian's own does not look there.
DIST_PACKAGES = "/usr/lib/python3/dist-packages"


def debian_import(name):
    """The module, or None when the package is not installed. Debian's directory goes last on the
    path, so it only provides what the running python3 lacks."""
    try:
        return importlib.import_module(name)
    except ImportError:
        pass
    if not os.path.isdir(DIST_PACKAGES) or DIST_PACKAGES in sys.path:
        return None
    sys.path.append(DIST_PACKAGES)
    try:
        return importlib.import_module(name)
    except ImportError:
        return None
