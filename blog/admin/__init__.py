"""
The blog's admin: posts, categories and redirects (posts), preview links, the audit log
and the state filter (editorial), and the forms they share (forms). Importing the
package registers them all.
"""

from . import editorial, posts  # noqa: F401 - registers the ModelAdmins
