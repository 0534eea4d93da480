"""The main job: simulate a scenario, ingest it, run every analysis, write the report."""

from tipnet.demo.run import DemoResult, run_demo

__all__ = ["DemoResult", "run_demo"]
