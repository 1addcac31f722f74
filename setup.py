"""Package layout that pyproject.toml cannot express: the top-level themes/ folder is installed
as the data package `tui_sms.themes`, beside every package found under tui_sms/."""

from setuptools import find_namespace_packages, setup

setup(
    packages=[*find_namespace_packages(include=["tui_sms*"]), "tui_sms.themes"],
    package_dir={"tui_sms.themes": "themes"},
)
