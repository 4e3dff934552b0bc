/*
** ast.c -- syntax tree nodes: making them, naming them, printing them.
**
** cq_node_dump writes a tree as an S-expression, one line, no spaces but
** single ones between items.  Tests pin it, so the format is exact:
**
**   node        (KIND ITEMS...)         KIND as cq_node_kind_name
**   statements  (show REF)
**               (clauses [REFS] [COND])  (terms [REFS] [COND])
**               (correlate REFS REFS [COND])
**               (gap REF REF [COND])    (coverage REF REF)
**               (term "name")  (standards)  (format "name")
**   REFS        (refs REF...)           a list of references
**   REF         (ref "std")  (ref "std" "num")  (ref "std" "num" *)
**               (ref "std" *)           the last two: `.*` and `std:*`
**   conditions  (and A B)  (or A B)  (not A)
**               (cmp OP FIELD VALUE)    OP as written by cq_cmp_op_name
**               (in FIELD VALUE...)  (not-in FIELD VALUE...)
**               (match ~ FIELD STRING)  (match !~ FIELD STRING)
**               (field "name")  (field "name" REF)
**   values      (string "text")  (int 42)  (name "C")  (param "x")
**               (count-of QUERY)  or a REF
**   queries     (path REF REF [MAX])  (integrate REFS)  (common REFS)
**               (check)  (table "name")  (call "name" VALUE...)
**               (gap between REF REF [COND])  (coverage between REF REF)
**               (correlate REFS REFS (via REF...) [COND])
**               (setop union|intersect|except Q Q)  (pipe Q STAGE...)
**   stages      (select NAME [as "new"]...)  (sort "col" ["col" desc]...)
**               (limit N)  (group NAME...)  (count)  (where COND)
**   statements  (let "name" Q)  (def "name" (params NAME...) Q)
**               (import "file")  (assert COND ["message"])
**
** An absent optional slot ([...] above) is left out: what follows a
** statement's kind is told apart by its own kind (refs vs a condition).
** A NULL tree is written `nil`.  Strings are written in double quotes
** with \" \\ \n \r \t escaped, other bytes below 0x20 and 0x7F as \xNN,
** and the rest (UTF-8 included) as they are.
*/
#include "ast.h"

#include <stddef.h>
#include <string.h>

#include "buf.h"

/* Names that one kind uses together must not share a slot (ast.h). */
#define APART(x, y) (offsetof(cq_node, x) != offsetof(cq_node, y))
_Static_assert(APART(of, targets) && APART(of, where) && APART(of, via) &&
                   APART(of, route) && APART(targets, where) &&
                   APART(targets, via) && APART(targets, route) &&
                   APART(where, via) && APART(where, route) &&
                   APART(via, route),
               "a statement's sets, condition and route share a slot");
_Static_assert(APART(hops, with) && APART(hops, limit) && APART(with, limit),
               "ROUTE's fields share a slot");
_Static_assert(APART(of, limit) && APART(targets, limit) && APART(limit, route),
               "PATH's fields share a slot");
_Static_assert(APART(limit, column) && APART(limit, columns) &&
                   APART(column, columns),
               "TOP's fields share a slot");
_Static_assert(APART(query, stages) && APART(query, params) &&
                   APART(where, value) && APART(left, right) && APART(lhs, rhs),
               "PIPE's, DEF's, ASSERT's or an operator's fields share a slot");
_Static_assert(sizeof(((cq_node *)0)->child) == offsetof(cq_node, route) +
                                                    sizeof(cq_node *) -
                                                    offsetof(cq_node, of),
               "child[] is not every child slot");

cq_node *cq_node_new(cq_arena *arena, cq_node_kind kind, const cq_loc *loc)
{
    cq_node *n = cq_arena_zalloc(arena, sizeof *n);
    if (n == NULL)
        return NULL;
    n->kind = kind;
    if (loc)
        n->loc = *loc;
    return n;
}

cq_node *cq_node_append(cq_node *list, cq_node *item)
{
    if (list == NULL)
        return item;
    cq_node *last = list;
    while (last->next)
        last = last->next;
    last->next = item;
    return list;
}

/* Every kind's name, from the two lists (statements.h, ast.h). */
#define STATEMENT_NAME_(cls, kind, name, compile, run, shape)                  \
    [CQ_N_##kind] = (name),
#define OTHER_NAME_(kind, name) [CQ_N_##kind] = (name),
static const char *const kind_names[CQ_N_KIND_END] = {
    CQ_STATEMENTS(STATEMENT_NAME_) CQ_NODE_KINDS(OTHER_NAME_)};

const char *cq_node_kind_name(cq_node_kind kind)
{
    if ((unsigned)kind < sizeof kind_names / sizeof kind_names[0] &&
        kind_names[kind] != NULL)
        return kind_names[kind];
    return "?";
}

const char *cq_cmp_op_name(int op)
{
    switch (op) {
    case CQ_OP_EQ:
        return "=";
    case CQ_OP_NE:
        return "!=";
    case CQ_OP_LT:
        return "<";
    case CQ_OP_LE:
        return "<=";
    case CQ_OP_GT:
        return ">";
    case CQ_OP_GE:
        return ">=";
    default:
        return "?";
    }
}

static const char hex[] = "0123456789ABCDEF";

/* s (NULL: the empty string) in double quotes, escaped as described. */
static void dump_string(cq_buf *buf, const char *s)
{
    cq_buf_putc(buf, '"');
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '"':
            cq_buf_puts(buf, "\\\"");
            break;
        case '\\':
            cq_buf_puts(buf, "\\\\");
            break;
        case '\n':
            cq_buf_puts(buf, "\\n");
            break;
        case '\r':
            cq_buf_puts(buf, "\\r");
            break;
        case '\t':
            cq_buf_puts(buf, "\\t");
            break;
        default:
            if (c < 0x20 || c == 0x7F) {
                char esc[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
                cq_buf_append(buf, esc, 4);
            } else {
                cq_buf_putc(buf, (char)c);
            }
        }
    }
    cq_buf_putc(buf, '"');
}

static void dump(cq_buf *buf, const cq_node *n);

/* " X" for each node of the list starting at n. */
static void dump_items(cq_buf *buf, const cq_node *n)
{
    for (; n; n = n->next) {
        cq_buf_putc(buf, ' ');
        dump(buf, n);
    }
}

/* " (refs ...)" for a list slot, nothing when it is empty. */
static void dump_refs(cq_buf *buf, const cq_node *list)
{
    if (list == NULL)
        return;
    cq_buf_puts(buf, " (refs");
    dump_items(buf, list);
    cq_buf_putc(buf, ')');
}

/* " X" for a single optional slot, nothing when it is empty. */
static void dump_opt(cq_buf *buf, const cq_node *n)
{
    if (n == NULL)
        return;
    cq_buf_putc(buf, ' ');
    dump(buf, n);
}

static void dump(cq_buf *buf, const cq_node *n)
{
    if (n == NULL) {
        cq_buf_puts(buf, "nil");
        return;
    }
    cq_buf_putc(buf, '(');
    switch (n->kind) {
    case CQ_N_IN:
        cq_buf_puts(buf, n->negate ? "not-in" : "in");
        break;
    default:
        cq_buf_puts(buf, cq_node_kind_name(n->kind));
    }
    switch (n->kind) {
    case CQ_N_CLAUSES:
    case CQ_N_TERMS:
        dump_refs(buf, n->of);
        dump_opt(buf, n->where);
        break;
    case CQ_N_CORRELATE:
        dump_refs(buf, n->of);
        dump_refs(buf, n->targets);
        if (n->via || n->route) {
            cq_buf_puts(buf, " (via");
            if (n->via)
                dump_items(buf, n->via);
            else
                dump_items(buf, n->route);
            cq_buf_putc(buf, ')');
        }
        dump_opt(buf, n->where);
        break;
    case CQ_N_GAP:
    case CQ_N_COVERAGE:
        if (n->between)
            cq_buf_puts(buf, " between");
        dump_opt(buf, n->of);
        dump_opt(buf, n->targets);
        dump_opt(buf, n->where);
        break;
    case CQ_N_INTEGRATE:
    case CQ_N_COMMON:
    case CQ_N_AUDIT:
        dump_refs(buf, n->of);
        break;
    case CQ_N_STATUS_OF:
        dump_refs(buf, n->of);
        dump_opt(buf, n->where);
        break;
    case CQ_N_READINESS:
    case CQ_N_WORKLIST:
    case CQ_N_SOA:
        dump_opt(buf, n->of);
        dump_refs(buf, n->targets);
        dump_opt(buf, n->where);
        break;
    case CQ_N_SETOP:
        cq_buf_puts(buf, n->op == CQ_SET_UNION       ? " union"
                         : n->op == CQ_SET_INTERSECT ? " intersect"
                                                     : " except");
        dump_opt(buf, n->left);
        dump_opt(buf, n->right);
        break;
    case CQ_N_PIPE:
        dump_opt(buf, n->query);
        dump_items(buf, n->stages);
        break;
    case CQ_N_SELECT:
        for (const cq_node *k = n->columns; k; k = k->next) {
            cq_buf_putc(buf, ' ');
            dump(buf, k);
            if (k->alias) {
                cq_buf_puts(buf, " as ");
                dump_string(buf, k->alias);
            }
        }
        break;
    case CQ_N_GROUP:
        dump_items(buf, n->columns);
        break;
    case CQ_N_SORT:
        for (const cq_node *k = n->columns; k; k = k->next) {
            cq_buf_putc(buf, ' ');
            dump_string(buf, k->text);
            if (k->order == CQ_ORDER_DESC)
                cq_buf_puts(buf, " desc");
        }
        break;
    case CQ_N_CALL:
        cq_buf_putc(buf, ' ');
        dump_string(buf, n->text);
        dump_items(buf, n->args);
        break;
    case CQ_N_LET:
        cq_buf_putc(buf, ' ');
        dump_string(buf, n->text);
        dump_opt(buf, n->query);
        break;
    case CQ_N_DEF:
        cq_buf_putc(buf, ' ');
        dump_string(buf, n->text);
        cq_buf_puts(buf, " (params");
        dump_items(buf, n->params);
        cq_buf_putc(buf, ')');
        dump_opt(buf, n->query);
        break;
    case CQ_N_ASSERT:
        dump_opt(buf, n->where);
        if (n->text) {
            cq_buf_putc(buf, ' ');
            dump_string(buf, n->text);
        }
        break;
    case CQ_N_TERM:
    case CQ_N_FORMAT:
    case CQ_N_NAME:
    case CQ_N_STRING:
    case CQ_N_TABLE:
    case CQ_N_IMPORT:
    case CQ_N_STATUS:
        cq_buf_putc(buf, ' ');
        dump_string(buf, n->text);
        break;
    case CQ_N_PARAM:
        cq_buf_putc(buf, ' ');
        dump_string(buf, n->text);
        if (n->subtree)
            cq_buf_puts(buf, " *");
        break;
    case CQ_N_FIELD:
        cq_buf_putc(buf, ' ');
        dump_string(buf, n->text);
        dump_opt(buf, n->arg);
        break;
    case CQ_N_REF:
        cq_buf_putc(buf, ' ');
        dump_string(buf, n->text);
        if (n->clause) {
            cq_buf_putc(buf, ' ');
            dump_string(buf, n->clause);
        }
        if (n->subtree)
            cq_buf_puts(buf, " *");
        break;
    case CQ_N_INT:
        cq_buf_printf(buf, " %lld", n->num);
        break;
    case CQ_N_CMP:
        cq_buf_putc(buf, ' ');
        cq_buf_puts(buf, cq_cmp_op_name(n->op));
        dump_opt(buf, n->lhs);
        dump_opt(buf, n->rhs);
        break;
    case CQ_N_MATCH:
        cq_buf_puts(buf, n->negate ? " !~" : " ~");
        dump_opt(buf, n->lhs);
        dump_opt(buf, n->rhs);
        break;
    case CQ_N_IN:
        dump_opt(buf, n->lhs);
        dump_items(buf, n->rhs);
        break;
    case CQ_N_SHOW:
        dump_opt(buf, n->of);
        break;
    case CQ_N_PATH:
        dump_opt(buf, n->of);
        dump_opt(buf, n->targets);
        dump_opt(buf, n->limit);
        break;
    case CQ_N_AND:
    case CQ_N_OR:
        dump_opt(buf, n->left);
        dump_opt(buf, n->right);
        break;
    case CQ_N_NOT:
        dump_opt(buf, n->operand);
        break;
    case CQ_N_LIMIT:
        dump_opt(buf, n->limit);
        break;
    case CQ_N_FILTER:
        dump_opt(buf, n->where);
        break;
    case CQ_N_COUNTQ:
        dump_opt(buf, n->query);
        break;
    /* the kinds below write only the first node of a list, as they always
    ** have (tests pin the format) */
    case CQ_N_ROUTE:
        dump_opt(buf, n->hops);
        dump_opt(buf, n->with);
        dump_opt(buf, n->limit);
        break;
    case CQ_N_HOP:
        dump_opt(buf, n->via);
        break;
    case CQ_N_AGG:
        dump_opt(buf, n->column);
        break;
    case CQ_N_TOP:
        dump_opt(buf, n->limit);
        dump_opt(buf, n->column);
        dump_opt(buf, n->columns);
        break;
    default:
        /* a statement without a case of its own: its sets and its
        ** condition (standards and check have none); count has no
        ** fields */
        if (n->kind < CQ_N_STATEMENT_END) {
            dump_items(buf, n->of);
            dump_items(buf, n->targets);
            dump_opt(buf, n->where);
        }
        break;
    }
    cq_buf_putc(buf, ')');
}

cq_node *cq_node_copy(cq_arena *arena, const cq_node *node)
{
    cq_node *head = NULL, *last = NULL;
    for (; node; node = node->next) {
        cq_node *n = cq_arena_alloc(arena, sizeof *n);
        if (n == NULL)
            return NULL;
        *n = *node;
        n->next = NULL;
        if ((node->text &&
             !(n->text = cq_arena_strndup(arena, node->text,
                                          node->kind == CQ_N_STRING
                                              ? (size_t)node->num
                                              : strlen(node->text)))) ||
            (node->clause && !(n->clause = cq_arena_strndup(
                                   arena, node->clause, strlen(node->clause)))))
            return NULL;
        for (int i = 0; i < CQ_NODE_CHILDREN; i++)
            if (node->child[i] &&
                !(n->child[i] = cq_node_copy(arena, node->child[i])))
                return NULL;
        if (last)
            last->next = n;
        else
            head = n;
        last = n;
    }
    return head;
}

int cq_node_dump(const cq_node *node, cq_buf *buf)
{
    dump(buf, node);
    return buf->failed ? -1 : 0;
}
