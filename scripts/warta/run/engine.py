"""Running the shards on datatrove, Hugging Face's engine for web-scale text pipelines.

datatrove runs one pipeline per rank: rank ``k`` of ``tasks`` is shard ``k``. Its
``LocalPipelineExecutor`` runs the ranks in a loop (one worker) or in a process pool on
this machine; its Slurm and Ray executors run the same step on a cluster, where the
repository (and so the staging folder and the build cache) lies on a shared file system.
``warta build --workers N`` and a cluster build go through the same step.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path

from datatrove.executor import LocalPipelineExecutor
from datatrove.executor.base import PipelineExecutor
from datatrove.pipeline.base import PipelineStep

from warta.run.plan import Plan
from warta.run.shard import run_shard

ExecutorFactory = Callable[[list, int, Path], PipelineExecutor]
"""(pipeline, tasks, logging folder) -> a datatrove executor that runs the pipeline on every rank."""


class CurateShard(PipelineStep):
    """The build's one pipeline step: shard ``rank`` of the plan, into the build cache."""

    name = "curate, check and write one shard"
    type = "warta"

    def __init__(self, plan: Plan) -> None:
        super().__init__()
        self.plan = plan

    def run(self, data, rank: int = 0, world_size: int = 1):
        if world_size != self.plan.shards:
            raise ValueError(f"the plan has {self.plan.shards} shards, the executor runs {world_size} tasks")
        run_shard(self.plan, rank)
        self.stat_update("shards")
        return data or iter(())


def _quiet_logging() -> None:
    """Engine warnings and errors on the console; its task logs in full in the logging folder only.

    datatrove logs every task at INFO on stderr (the pipeline, the stats) and resets the
    console to DEBUG after each one; the build shows one progress bar instead. Installed
    when this module is imported, so worker processes, which import it to unpickle the
    step, log the same way.
    """
    import datatrove.executor.base as base
    import datatrove.executor.ray as ray
    import datatrove.utils.logging as logs
    from loguru import logger

    def console() -> None:
        logger.remove()
        logger.add(sys.stderr, level="WARNING", backtrace=False, diagnose=False)

    def task_logger(logging_dir, rank: int, local_rank: int = 0, node_rank: int = -1):
        logfile = logging_dir.open(f"logs/task_{rank:05d}.log", "w")
        console()
        logger.add(logfile, level="DEBUG")
        logger.info(f"Launching pipeline for {rank=}")
        return logfile

    base.add_task_logger = task_logger
    ray.add_task_logger = task_logger  # imported by name there: the Ray executor's tasks log the same way
    logs.setup_default_logger = console
    console()


_quiet_logging()


def local_executor(workers: int) -> ExecutorFactory:
    """datatrove's executor for this machine: ``workers`` processes (one: a loop in this process)."""

    def make(pipeline: list, tasks: int, logging_dir: Path) -> PipelineExecutor:
        return LocalPipelineExecutor(pipeline=pipeline, tasks=tasks, workers=min(workers, tasks),
                                     logging_dir=str(logging_dir), skip_completed=False,
                                     start_method="forkserver")

    return make


def ray_executor(workers: int, **options) -> ExecutorFactory:
    """datatrove's Ray executor: at most ``workers`` shards at a time, one Ray task (and CPU) each.

    The shards run on the Ray instance this process is already connected to, if any; else on
    the cluster at ``$RAY_ADDRESS`` (``ray start --head`` there, with the repository on a file
    system every node shares); else on a new instance on this machine with ``workers`` CPUs,
    which listens on the loopback interface only and stays up for later builds in this process
    (``ray.shutdown()`` ends it). ``options`` go to datatrove's ``RayPipelineExecutor``
    (``cpus_per_task``, ``mem_per_cpu_gb``, ``ray_remote_kwargs``, ...). Its ``run`` returns
    when every task has ended; a shard that failed leaves no result file, which the build reports.
    """
    import importlib.util

    if importlib.util.find_spec("ray") is None:
        from warta.errors import WartaError

        raise WartaError("the Ray executor needs the ray package, which is not installed",
                         hint='pip install -e ".[ray]"')

    def make(pipeline: list, tasks: int, logging_dir: Path) -> PipelineExecutor:
        from datatrove.executor import RayPipelineExecutor
        from loguru import logger

        local = _connect_ray(workers)
        settings = {"workers": min(workers, tasks), "mem_per_cpu_gb": RAY_MEMORY_PER_TASK_GB, **options}
        if local:  # its warning that the logging folder must be shared concerns clusters only
            logger.disable("datatrove.executor.ray")
        try:
            return RayPipelineExecutor(pipeline=pipeline, tasks=tasks, logging_dir=str(logging_dir),
                                       skip_completed=False, **settings)
        finally:
            logger.enable("datatrove.executor.ray")

    return make


RAY_MEMORY_PER_TASK_GB = 1.0
"""Memory Ray reserves for each shard's task (datatrove's default: 2 GB). A shard of 4,096
documents peaks well under it; the reservation only decides how many tasks a node runs at once."""


def _connect_ray(cpus: int) -> bool:
    """Connect to Ray, starting a loopback-only instance of ``cpus`` CPUs if there is none.

    True if the instance is one of this machine alone (its nodes on loopback).
    """
    import logging
    import os

    import ray

    if ray.is_initialized():
        return all(node["NodeManagerAddress"] in ("127.0.0.1", "::1") for node in ray.nodes() if node["Alive"])
    if os.environ.get("RAY_ADDRESS"):
        ray.init()
        return False
    # Ray makes a local node reachable from other machines: it advertises the machine's address
    # (even for _node_ip_address="127.0.0.1") and its servers listen on every interface. Its
    # single-machine mode (the default on macOS and Windows) keeps node and servers on loopback.
    try:
        from ray._private import ray_constants
    except ImportError:  # a Ray that moved it: still asked for loopback below
        ray_constants = None
    cluster = getattr(ray_constants, "ENABLE_RAY_CLUSTER", None)
    if cluster is not None:
        ray_constants.ENABLE_RAY_CLUSTER = False
    try:
        ray.init(num_cpus=cpus, include_dashboard=False, _node_ip_address="127.0.0.1",
                 logging_level=logging.ERROR)
    finally:
        if cluster is not None:
            ray_constants.ENABLE_RAY_CLUSTER = cluster
    return True


def run_plan(plan: Plan, executor: ExecutorFactory, *, progress: bool = True) -> None:
    """Run every shard of the plan through ``executor``, with a progress bar of finished shards."""
    from tqdm import tqdm

    results = Path(plan.staging) / "results"
    bar = tqdm(total=plan.shards, desc="building shards", unit="shard", disable=not progress, leave=False)
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.5):
            bar.n = sum(1 for p in results.glob("shard-*.json"))
            bar.refresh()

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        executor([CurateShard(plan)], plan.shards, Path(plan.staging) / "engine").run()
    finally:
        done.set()
        watcher.join()
        bar.n = sum(1 for p in results.glob("shard-*.json"))
        bar.close()
