"""The templates' `_()`, `gettext` and `ngettext`, as Jinja's newstyle i18n extension has them, minus its cost.

Jinja's `_("Sources")` goes through three context calls (`_` → `gettext` → the catalog's
function) and makes a new `Markup` each time; the templates say a few hundred words tens of
thousands of times on a large site. Two remedies, with the extension's results (autoescaped
in an autoescaped template, always `%`-formatted: `%%` is `%`; `num` set for `ngettext`):
- `fold`: a word with no variables (`_("Sources")`, `{% trans %}Sources{% endtrans %}`) is
  translated when the template is compiled, and written into the compiled code as text.
  A compiled template then holds one language's words: the builder keeps compiled
  templates per language and catalogs (site/i18n.Formatter.tag);
- `install`: the others in one call each.
"""

from __future__ import annotations

import gettext as stdlib_gettext
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

_GETTEXT = ("_", "gettext")


class _Fold(NodeTransformer):
    def __init__(self, words: stdlib_gettext.NullTranslations) -> None:
        self.words = words

    def visit_Call(self, call: nodes.Call) -> nodes.Node:
        node = self.generic_visit(call)
        if not isinstance(node, nodes.Call):
            return node
        word = node.args[0] if len(node.args) == 1 else None
        if (isinstance(node.node, nodes.Name) and node.node.name in _GETTEXT and node.node.ctx == "load"
                and isinstance(word, nodes.Const) and isinstance(word.value, str)
                and not node.kwargs and node.dyn_args is None and node.dyn_kwargs is None):
            text = nodes.Const(self.words.gettext(word.value) % {}, lineno=node.lineno)
            return nodes.MarkSafeIfAutoescape(text, lineno=node.lineno)  # what `gettext` returns
        return node


def fold(tree: nodes.Template, words: stdlib_gettext.NullTranslations, env: jinja2.Environment) -> nodes.Template:
    """The template's tree with each `_("word")` and `gettext("word")` translated (see above)."""
    folded = _Fold(words).visit(tree)
    folded.set_environment(env)
    return folded  # type: ignore[no-any-return]  # visit returns what visit_Template does: the tree


def install(env: jinja2.Environment, words: stdlib_gettext.NullTranslations) -> None:
    """Replace the i18n extension's callables (installed with `newstyle=True`) by faster equal ones."""
    @jinja2.pass_context
    def gettext(context: jinja2.runtime.Context, string: str, /, **variables: Any) -> str:
        text = words.gettext(string)  # a word with no variables is folded: this one has some
        return (Markup(text) if context.eval_ctx.autoescape else text) % variables

    @jinja2.pass_context
    def ngettext(context: jinja2.runtime.Context, singular: str, plural: str, num: int, /,
                 **variables: Any) -> str:
        variables.setdefault("num", num)
        text = words.ngettext(singular, plural, num)
        return (Markup(text) if context.eval_ctx.autoescape else text) % variables

    env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext)
