"""``torch.linalg``: inverses, determinants, solvers, factorisations, products and norms of
(batches of) float32/float64 matrices, differentiable (docs/pytorch_drop_in.md, "linear
algebra")."""

from tinytorch._ops.linalg import matmul
from tinytorch._ops.linalg_api import cholesky
from tinytorch._ops.linalg_api import det
from tinytorch._ops.linalg_api import inv
from tinytorch._ops.linalg_api import slogdet
from tinytorch._ops.linalg_api import solve
from tinytorch._ops.linalg_decomp import LinAlgError
from tinytorch._ops.linalg_lu import lu
from tinytorch._ops.linalg_lu import lu_factor
from tinytorch._ops.linalg_lu import lu_factor_ex
from tinytorch._ops.linalg_lu import lu_solve
from tinytorch._ops.linalg_lu import solve_triangular
from tinytorch._ops.linalg_more import cholesky_ex
from tinytorch._ops.linalg_more import cross
from tinytorch._ops.linalg_more import diagonal
from tinytorch._ops.linalg_more import householder_product
from tinytorch._ops.linalg_more import inv_ex
from tinytorch._ops.linalg_more import lstsq
from tinytorch._ops.linalg_more import matrix_exp
from tinytorch._ops.linalg_more import solve_ex
from tinytorch._ops.linalg_more import tensorinv
from tinytorch._ops.linalg_more import tensorsolve
from tinytorch._ops.linalg_more import vander
from tinytorch._ops.linalg_norms import matrix_norm
from tinytorch._ops.linalg_norms import norm
from tinytorch._ops.linalg_norms import vector_norm
from tinytorch._ops.linalg_products import matrix_power
from tinytorch._ops.linalg_products import multi_dot
from tinytorch._ops.linalg_products import vecdot
from tinytorch._ops.linalg_spectral import eigh
from tinytorch._ops.linalg_spectral import eigvalsh
from tinytorch._ops.linalg_spectral import matrix_rank
from tinytorch._ops.linalg_spectral import pinv
from tinytorch._ops.linalg_spectral import qr
from tinytorch._ops.linalg_spectral import svd
from tinytorch._ops.linalg_spectral import svdvals
from tinytorch._ops.linalg_legacy import cond

__all__ = ["LinAlgError", "cholesky", "det", "eigh", "eigvalsh", "inv", "matmul",
           "matrix_norm", "matrix_power", "matrix_rank", "multi_dot", "norm", "pinv", "qr",
           "slogdet", "solve", "svd", "svdvals", "vecdot", "vector_norm"]
__all__ += ["cholesky_ex", "cross", "householder_product", "inv_ex", "lstsq", "lu", "lu_factor",
            "lu_factor_ex", "lu_solve", "matrix_exp", "solve_ex", "solve_triangular", "vander"]
__all__ += ["diagonal", "tensorinv", "tensorsolve"]
__all__ += ["cond"]
