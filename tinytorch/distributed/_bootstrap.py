"""Run by each rank of ``tinytorch.distributed.run``'s job: set torchrun's per-rank variables
from the MPI launcher's own (hydra's ``PMI_RANK``, Open MPI's ``OMPI_COMM_WORLD_RANK``,
PMIx's ``PMIX_RANK``), then run the user's script, module or program in this process."""

import os
import runpy
import sys

_RANK_VARIABLES = ("PMI_RANK", "OMPI_COMM_WORLD_RANK", "PMIX_RANK")


def _rank():
    for name in _RANK_VARIABLES:
        if name in os.environ:
            return os.environ[name]
    from tinytorch.backends.distributed import mpi  # an unknown launcher: ask the library
    return str(mpi.world_rank())


def main(argv):
    rank = _rank()
    os.environ.update(RANK=rank, LOCAL_RANK=rank, ROLE_RANK=rank)  # one machine: local = global
    if argv[0] == "--no-python":
        os.execvp(argv[1], argv[1:])
    if argv[0] == "-m":
        sys.argv = argv[1:]
        runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
        return
    sys.argv = argv
    sys.path[0] = os.path.dirname(os.path.abspath(argv[0]))
    runpy.run_path(argv[0], run_name="__main__")


if __name__ == "__main__":
    main(sys.argv[1:])
