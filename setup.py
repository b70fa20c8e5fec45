"""One build step on top of pyproject.toml: the wheel carries static/ and content/.

Both stay at the top of the repository (the design puts them there), outside the `kiosk`
package, so package-data cannot reach them. build_py copies them into the wheel as
kiosk/_shipped/static and kiosk/_shipped/content; kiosk.config looks there first, then at the
checkout's top. Editable installs (`pip install -e .`, what `make run` does) skip the copy: the
checkout's own folders are used.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SHIPPED = ("static", "content")


class BuildWithShipped(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for name in SHIPPED:
            self.copy_tree(name, str(Path(self.build_lib, "kiosk", "_shipped", name)))


setup(cmdclass={"build_py": BuildWithShipped})
