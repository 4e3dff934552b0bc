/*
** gen.c -- a deterministic generator of synthetic corpora for the
** benchmark (bench/README.md): many frameworks of hierarchically numbered
** clauses, titles drawn from a word list, and typed correlation edges
** between pairs of frameworks, written in concord's corpus format
** (docs/corpus.md), together with the query instances Q1-Q8 of
** QUERIES.md drawn from the generated data.
**
**   gen EDGES SEED OUTDIR
**
** writes OUTDIR/corpus/{standards,clauses,edges,terms,term_links}.tsv and
** OUTDIR/queries.tsv (one instance a line: the query's id, then its
** parameters, tab separated).  The same EDGES and SEED always give the same
** bytes: every random choice comes from one xoshiro256** stream.
**
** Shape, for E edges: E/5 clauses spread over max(4, min(200, sqrt(E)/20))
** frameworks; each framework's clauses form a tree of 8-20 top-level
** clauses filled breadth first with 2-6 children each (numbers 4.2.1 ...);
** each framework maps onto 3-6 others, and every edge joins a random clause
** of a framework to a random clause of one of its mapped frameworks.
**
** Editions (for Q7): one framework in eight (at least one) has a later
** edition, `fwNNN@2030`: the same clause tree and titles, transition edges
** (annex T) from most of the earlier edition's clauses to their
** counterparts, and a few direct edges from the frameworks linked with the
** earlier one.  They are drawn from a second random stream, after
** everything else, so that the rest of the corpus and Q1-Q6 are what they
** were before editions were added.
*/
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- randomness --------------------------------------------------------- */

static uint64_t rng_s[4];

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t next64(void)
{
    uint64_t result = rotl(rng_s[1] * 5, 7) * 9;
    uint64_t t = rng_s[1] << 17;
    rng_s[2] ^= rng_s[0];
    rng_s[3] ^= rng_s[1];
    rng_s[1] ^= rng_s[2];
    rng_s[0] ^= rng_s[3];
    rng_s[2] ^= t;
    rng_s[3] = rotl(rng_s[3], 45);
    return result;
}

/* Swap the stream in use with another one (the editions' stream). */
static void swap_stream(uint64_t other[4])
{
    for (int i = 0; i < 4; i++) {
        uint64_t t = rng_s[i];
        rng_s[i] = other[i];
        other[i] = t;
    }
}

/* A uniform integer in [0, n). */
static uint32_t below(uint32_t n)
{
    return (uint32_t)(((next64() >> 32) * (uint64_t)n) >> 32);
}

/* A uniform integer in [lo, hi]. */
static uint32_t between(uint32_t lo, uint32_t hi)
{
    return lo + below(hi - lo + 1);
}

/* ---- words -------------------------------------------------------------- */

static const char *const words[] = {"access",
                                    "accountability",
                                    "accounting",
                                    "accuracy",
                                    "acquisition",
                                    "action",
                                    "activities",
                                    "activity",
                                    "administration",
                                    "agreement",
                                    "alignment",
                                    "allocation",
                                    "analysis",
                                    "application",
                                    "approval",
                                    "architecture",
                                    "archive",
                                    "arrangements",
                                    "assessment",
                                    "asset",
                                    "assets",
                                    "assurance",
                                    "audit",
                                    "authentication",
                                    "authority",
                                    "authorization",
                                    "automation",
                                    "availability",
                                    "awareness",
                                    "backup",
                                    "baseline",
                                    "benchmark",
                                    "boundary",
                                    "breach",
                                    "budget",
                                    "budgeting",
                                    "business",
                                    "calibration",
                                    "capability",
                                    "capacity",
                                    "certificate",
                                    "change",
                                    "changes",
                                    "channel",
                                    "classification",
                                    "client",
                                    "cloud",
                                    "commitment",
                                    "communication",
                                    "competence",
                                    "compliance",
                                    "component",
                                    "configuration",
                                    "conformity",
                                    "consistency",
                                    "constraint",
                                    "consultation",
                                    "context",
                                    "continuity",
                                    "contract",
                                    "control",
                                    "controls",
                                    "coordination",
                                    "corrective",
                                    "cost",
                                    "coverage",
                                    "criteria",
                                    "critical",
                                    "cryptographic",
                                    "cryptography",
                                    "customer",
                                    "cyber",
                                    "data",
                                    "decision",
                                    "defect",
                                    "definition",
                                    "delivery",
                                    "demand",
                                    "dependency",
                                    "deployment",
                                    "design",
                                    "destruction",
                                    "detection",
                                    "development",
                                    "device",
                                    "disaster",
                                    "disclosure",
                                    "disposal",
                                    "documentation",
                                    "documented",
                                    "domain",
                                    "effectiveness",
                                    "efficiency",
                                    "emergency",
                                    "employee",
                                    "encryption",
                                    "endpoint",
                                    "engineering",
                                    "environment",
                                    "equipment",
                                    "escalation",
                                    "evaluation",
                                    "event",
                                    "evidence",
                                    "exception",
                                    "execution",
                                    "exposure",
                                    "external",
                                    "facility",
                                    "failure",
                                    "feedback",
                                    "financial",
                                    "firewall",
                                    "framework",
                                    "function",
                                    "governance",
                                    "guidance",
                                    "handling",
                                    "hardware",
                                    "hazard",
                                    "identification",
                                    "identity",
                                    "impact",
                                    "implementation",
                                    "improvement",
                                    "incident",
                                    "incidents",
                                    "indicator",
                                    "information",
                                    "infrastructure",
                                    "inspection",
                                    "installation",
                                    "integration",
                                    "integrity",
                                    "interested",
                                    "interface",
                                    "internal",
                                    "inventory",
                                    "investigation",
                                    "isolation",
                                    "issue",
                                    "knowledge",
                                    "labelling",
                                    "leadership",
                                    "legal",
                                    "level",
                                    "licensing",
                                    "lifecycle",
                                    "limitation",
                                    "logging",
                                    "maintenance",
                                    "malware",
                                    "management",
                                    "measurement",
                                    "media",
                                    "metrics",
                                    "migration",
                                    "mitigation",
                                    "mobile",
                                    "model",
                                    "monitoring",
                                    "network",
                                    "nonconformity",
                                    "notification",
                                    "objectives",
                                    "obligation",
                                    "operation",
                                    "operational",
                                    "operations",
                                    "organization",
                                    "outsourcing",
                                    "oversight",
                                    "ownership",
                                    "parties",
                                    "partner",
                                    "password",
                                    "patch",
                                    "payment",
                                    "performance",
                                    "permission",
                                    "personnel",
                                    "physical",
                                    "plan",
                                    "planning",
                                    "platform",
                                    "policy",
                                    "portfolio",
                                    "practice",
                                    "preparation",
                                    "prevention",
                                    "privacy",
                                    "privilege",
                                    "problem",
                                    "procedure",
                                    "process",
                                    "processes",
                                    "procurement",
                                    "product",
                                    "production",
                                    "programme",
                                    "project",
                                    "protection",
                                    "provider",
                                    "provision",
                                    "quality",
                                    "reception",
                                    "record",
                                    "records",
                                    "recovery",
                                    "reduction",
                                    "register",
                                    "regulation",
                                    "regulatory",
                                    "relationship",
                                    "release",
                                    "reliability",
                                    "remediation",
                                    "remote",
                                    "reporting",
                                    "repository",
                                    "request",
                                    "requirement",
                                    "requirements",
                                    "resilience",
                                    "resource",
                                    "resources",
                                    "response",
                                    "responsibilities",
                                    "responsibility",
                                    "restoration",
                                    "retention",
                                    "review",
                                    "rights",
                                    "risk",
                                    "risks",
                                    "role",
                                    "roles",
                                    "safety",
                                    "sanitization",
                                    "scope",
                                    "screening",
                                    "secure",
                                    "security",
                                    "segregation",
                                    "sensitive",
                                    "separation",
                                    "server",
                                    "service",
                                    "services",
                                    "session",
                                    "software",
                                    "source",
                                    "specification",
                                    "staff",
                                    "stakeholder",
                                    "standard",
                                    "storage",
                                    "strategy",
                                    "supplier",
                                    "suppliers",
                                    "supply",
                                    "support",
                                    "surveillance",
                                    "system",
                                    "systems",
                                    "target",
                                    "technical",
                                    "technology",
                                    "testing",
                                    "threat",
                                    "threats",
                                    "tolerance",
                                    "traceability",
                                    "training",
                                    "transfer",
                                    "transition",
                                    "transmission",
                                    "treatment",
                                    "trust",
                                    "user",
                                    "users",
                                    "validation",
                                    "value",
                                    "vendor",
                                    "verification",
                                    "version",
                                    "vulnerability",
                                    "warranty",
                                    "wireless",
                                    "workforce",
                                    "workload",
                                    "workstation",
                                    "zone"};
#define N_WORDS (sizeof words / sizeof words[0])

/* ---- the corpus --------------------------------------------------------- */

typedef struct clause {
    uint32_t parent; /* index, or UINT32_MAX */
    uint32_t std;
    uint32_t children; /* how many so far (the next child's number) */
    uint16_t depth;
    uint32_t number; /* offset of its number in numbers */
    uint32_t title;  /* offset of its title in titles */
} clause;

typedef struct edge {
    uint32_t from, to;
    uint8_t annex;
} edge;

static const char *const annexes[] = {"A", "B", "C", "D", "E", "F"};
static const char *const relations[] = {"equal", "equivalent", "subset",
                                        "superset", "intersects"};
static const char *const confidences[] = {"low", "medium", "high"};

/* A growable byte buffer of NUL-terminated strings. */
typedef struct strbuf {
    char *data;
    size_t len, cap;
} strbuf;

static uint32_t strbuf_add(strbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->data = realloc(b->data, b->cap);
        if (b->data == NULL) {
            perror("gen");
            exit(1);
        }
    }
    uint32_t at = (uint32_t)b->len;
    memcpy(b->data + b->len, s, n);
    b->data[b->len + n] = '\0';
    b->len += n + 1;
    return at;
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p == NULL) {
        perror("gen");
        exit(1);
    }
    return p;
}

static FILE *open_out(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
        exit(1);
    }
    static char bufs[4][1 << 16];
    static int next;
    setvbuf(f, bufs[next++ % 4], _IOFBF, sizeof bufs[0]);
    return f;
}

static void close_out(FILE *f)
{
    if (fclose(f) != 0) {
        perror("gen: write");
        exit(1);
    }
}

/* Frameworks 0 to n_base - 1, then the later editions of ed_base[]. */
static uint32_t n_base;
static uint32_t *ed_base;

static void std_id(char *buf, size_t n, uint32_t s)
{
    if (s < n_base)
        snprintf(buf, n, "fw%03u", (unsigned)s + 1);
    else
        snprintf(buf, n, "fw%03u@2030", (unsigned)ed_base[s - n_base] + 1);
}

/* The year of each edition: every earlier one is 2000-2024. */
#define EDITION_YEAR 2030

/* A random path of two edges, e (returned) then one from e->to, which
** ends at *t (Q3, Q8). */
static const edge *two_hop(const edge *ed, uint64_t n_edges,
                           const uint32_t *out_start, const uint32_t *out_to,
                           uint32_t *t)
{
    const edge *e;
    do
        e = &ed[below((uint32_t)n_edges)];
    while (out_start[e->to] == out_start[e->to + 1]);
    uint32_t p = e->to;
    *t = out_to[out_start[p] + below(out_start[p + 1] - out_start[p])];
    return e;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: gen EDGES SEED OUTDIR\n");
        return 2;
    }
    uint64_t n_edges = strtoull(argv[1], NULL, 10);
    uint64_t seed = strtoull(argv[2], NULL, 10);
    const char *out = argv[3];
    if (n_edges < 100 || n_edges > 100000000) {
        fprintf(stderr, "gen: EDGES must be 100 to 100000000\n");
        return 2;
    }
    uint64_t ed_seed = seed ^ 0x6564697469306e73u, ed_rng[4];
    for (int i = 0; i < 4; i++)
        rng_s[i] = splitmix(&seed);
    for (int i = 0; i < 4; i++)
        ed_rng[i] = splitmix(&ed_seed);

    char corpus_dir[4096];
    snprintf(corpus_dir, sizeof corpus_dir, "%s/corpus", out);
    mkdir(out, 0777);
    mkdir(corpus_dir, 0777);

    uint32_t n_std = (uint32_t)(sqrt((double)n_edges) / 20);
    if (n_std < 4)
        n_std = 4;
    if (n_std > 200)
        n_std = 200;
    n_base = n_std;
    uint32_t n_clauses = (uint32_t)(n_edges / 5);
    uint32_t per_std = n_clauses / n_std;

    /* ---- clauses: a breadth-first tree per framework ---- */
    clause *cl = xmalloc(sizeof(clause) * n_clauses);
    uint32_t *std_first = xmalloc(sizeof(uint32_t) * (n_std + 1));
    strbuf numbers = {0}, titles = {0};
    uint32_t n = 0;
    for (uint32_t s = 0; s < n_std; s++) {
        std_first[s] = n;
        uint32_t want = s + 1 == n_std ? n_clauses - n : per_std;
        uint32_t tops = between(8, 20);
        if (tops > want)
            tops = want;
        for (uint32_t t = 0; t < tops; t++) {
            char num[16];
            int len = snprintf(num, sizeof num, "%u", (unsigned)t + 1);
            cl[n] = (clause){
                UINT32_MAX, s, 0, 1, strbuf_add(&numbers, num, (size_t)len), 0};
            n++;
        }
        /* breadth first: each clause in turn gets 2-6 children */
        for (uint32_t p = std_first[s]; n - std_first[s] < want; p++) {
            uint32_t kids = between(2, 6);
            for (uint32_t k = 0; k < kids && n - std_first[s] < want; k++) {
                char num[256];
                clause *parent = &cl[p];
                int len = snprintf(num, sizeof num, "%s.%u",
                                   numbers.data + parent->number,
                                   (unsigned)++parent->children);
                cl[n] = (clause){p,
                                 s,
                                 0,
                                 (uint16_t)(parent->depth + 1),
                                 strbuf_add(&numbers, num, (size_t)len),
                                 0};
                n++;
            }
        }
    }
    std_first[n_std] = n;
    for (uint32_t i = 0; i < n; i++) {
        char title[256];
        size_t len = 0;
        uint32_t nw = between(3, 6);
        for (uint32_t w = 0; w < nw; w++) {
            const char *word = words[below(N_WORDS)];
            if (w)
                title[len++] = ' ';
            size_t wl = strlen(word);
            memcpy(title + len, word, wl);
            if (w == 0)
                title[len] = (char)(title[len] - 'a' + 'A');
            len += wl;
        }
        cl[i].title = strbuf_add(&titles, title, len);
    }

    /* ---- later editions: one framework in eight, its tree copied ---- */
    uint32_t n_ed = n_std / 8 ? n_std / 8 : 1;
    ed_base = xmalloc(sizeof(uint32_t) * n_ed);
    uint32_t *ed_first = xmalloc(sizeof(uint32_t) * (n_ed + 1));
    uint32_t n_all = n;
    for (uint32_t k = 0; k < n_ed; k++)
        n_all +=
            std_first[k * (n_std / n_ed) + 1] - std_first[k * (n_std / n_ed)];
    cl = realloc(cl, sizeof(clause) * n_all);
    if (cl == NULL) {
        perror("gen");
        return 1;
    }
    n_all = n;
    for (uint32_t k = 0; k < n_ed; k++) {
        uint32_t b = ed_base[k] = k * (n_std / n_ed);
        ed_first[k] = n_all;
        for (uint32_t c = std_first[b]; c < std_first[b + 1]; c++) {
            cl[n_all] = cl[c];
            cl[n_all].std = n_std + k;
            if (cl[c].parent != UINT32_MAX)
                cl[n_all].parent = cl[c].parent - std_first[b] + ed_first[k];
            n_all++;
        }
    }
    ed_first[n_ed] = n_all;

    /* ---- which frameworks each maps onto ---- */
    uint32_t(*maps)[6] = xmalloc(sizeof(uint32_t[6]) * n_std);
    uint32_t *n_maps = xmalloc(sizeof(uint32_t) * n_std);
    for (uint32_t s = 0; s < n_std; s++) {
        n_maps[s] = between(3, 6);
        if (n_maps[s] > n_std - 1)
            n_maps[s] = n_std - 1;
        for (uint32_t k = 0; k < n_maps[s]; k++) {
            uint32_t t;
            int again;
            do {
                t = below(n_std);
                again = t == s;
                for (uint32_t j = 0; j < k; j++)
                    again |= maps[s][j] == t;
            } while (again);
            maps[s][k] = t;
        }
    }

    /* ---- standards.tsv ---- */
    char id[32], id2[32];
    FILE *f = open_out(corpus_dir, "standards.tsv");
    fprintf(f, "# synthetic corpus: %llu edges, seed %s\n",
            (unsigned long long)n_edges, argv[2]);
    fprintf(f, "id\ttitle\tyear\trole\tnotes\n");
    for (uint32_t s = 0; s < n_std; s++) {
        std_id(id, sizeof id, s);
        fprintf(f, "%s\tSynthetic framework %u\t%u\tmss\t\n", id,
                (unsigned)s + 1, 2000 + (unsigned)s % 25);
    }
    for (uint32_t k = 0; k < n_ed; k++) {
        std_id(id, sizeof id, n_std + k);
        fprintf(f, "%s\tSynthetic framework %u, a later edition\t%u\tmss\t\n",
                id, (unsigned)ed_base[k] + 1, EDITION_YEAR);
    }
    close_out(f);

    /* ---- clauses.tsv ---- */
    f = open_out(corpus_dir, "clauses.tsv");
    fprintf(f, "standard\tnumber\ttitle\tparent\torigin\tsource\n");
    for (uint32_t i = 0; i < n_all; i++) {
        std_id(id, sizeof id, cl[i].std);
        fprintf(f, "%s\t%s\t%s\t%s\t%s\tgenerated\n", id,
                numbers.data + cl[i].number, titles.data + cl[i].title,
                cl[i].parent == UINT32_MAX
                    ? ""
                    : numbers.data + cl[cl[i].parent].number,
                cl[i].depth == 1 ? "added" : "control");
    }
    close_out(f);

    /* ---- edges.tsv ---- */
    edge *ed = xmalloc(sizeof(edge) * n_edges);
    f = open_out(corpus_dir, "edges.tsv");
    fprintf(f, "from\tto\tannex\trelation\tstrength\tconfidence\tsource\t"
               "note\n");
    for (uint64_t i = 0; i < n_edges; i++) {
        uint32_t s = below(n_std);
        uint32_t t = maps[s][below(n_maps[s])];
        uint32_t a = std_first[s] + below(std_first[s + 1] - std_first[s]);
        uint32_t b = std_first[t] + below(std_first[t + 1] - std_first[t]);
        uint8_t annex = (uint8_t)below(6);
        ed[i] = (edge){a, b, annex};
        std_id(id, sizeof id, s);
        std_id(id2, sizeof id2, t);
        fprintf(f, "%s:%s\t%s:%s\t%s\t%s\t%u\t%s\tmapping %u\t\n", id,
                numbers.data + cl[a].number, id2, numbers.data + cl[b].number,
                annexes[annex], relations[below(5)], (unsigned)between(1, 10),
                confidences[below(3)], (unsigned)below(20) + 1);
    }
    /* each edition: transition edges from 85% of the earlier edition's
    ** clauses to their counterparts, and from one in ten to another clause
    ** too; direct edges, a tenth as many as the edges of the earlier
    ** edition, from the frameworks linked with it */
    swap_stream(ed_rng);
    for (uint32_t k = 0; k < n_ed; k++) {
        uint32_t b = ed_base[k], size = std_first[b + 1] - std_first[b];
        char key[300];
        for (uint32_t c = std_first[b]; c < std_first[b + 1]; c++) {
            std_id(id, sizeof id, b);
            std_id(id2, sizeof id2, n_std + k);
            snprintf(key, sizeof key, "%s:%s", id, numbers.data + cl[c].number);
            if (below(100) < 85)
                fprintf(f, "%s\t%s:%s\tT\tequal\t9\thigh\ttransition\t\n", key,
                        id2, numbers.data + cl[c].number);
            if (below(10) == 0)
                fprintf(f,
                        "%s\t%s:%s\tT\tintersects\t4\tmedium\t"
                        "transition\t\n",
                        key, id2,
                        numbers.data + cl[ed_first[k] + below(size)].number);
        }
        uint64_t touching = 0;
        for (uint64_t i = 0; i < n_edges; i++)
            touching +=
                cl[ed[i].from].std == b || cl[ed[i].to].std == b ? 1 : 0;
        for (uint64_t d = 0; d < touching / 10; d++) {
            const edge *e;
            do
                e = &ed[below((uint32_t)n_edges)];
            while (cl[e->from].std != b && cl[e->to].std != b);
            uint32_t a = cl[e->from].std == b ? cl[e->to].std : cl[e->from].std;
            uint32_t from =
                std_first[a] + below(std_first[a + 1] - std_first[a]);
            std_id(id, sizeof id, a);
            std_id(id2, sizeof id2, n_std + k);
            fprintf(f, "%s:%s\t%s:%s\t%s\t%s\t%u\t%s\tdirect %u\t\n", id,
                    numbers.data + cl[from].number, id2,
                    numbers.data + cl[ed_first[k] + below(size)].number,
                    annexes[below(6)], relations[below(5)],
                    (unsigned)between(1, 10), confidences[below(3)],
                    (unsigned)below(20) + 1);
        }
    }
    swap_stream(ed_rng);
    close_out(f);

    f = open_out(corpus_dir, "terms.tsv");
    fprintf(f, "vocabulary\tentry\tterm\thls\tsource\n");
    close_out(f);
    f = open_out(corpus_dir, "term_links.tsv");
    fprintf(f, "from\tto\trelation\tnote\tsource\n");
    close_out(f);

    /* ---- the out-edges of each clause, for two-hop paths ---- */
    uint32_t *out_start = calloc((size_t)n + 1, sizeof(uint32_t));
    uint32_t *out_to = xmalloc(sizeof(uint32_t) * n_edges);
    for (uint64_t i = 0; i < n_edges; i++)
        out_start[ed[i].from + 1]++;
    for (uint32_t c = 0; c < n; c++)
        out_start[c + 1] += out_start[c];
    uint32_t *fill = calloc(n, sizeof(uint32_t));
    for (uint64_t i = 0; i < n_edges; i++)
        out_to[out_start[ed[i].from] + fill[ed[i].from]++] = ed[i].to;

        /* ---- queries.tsv ---- */
#define KEY(buf, c)                                                            \
    (std_id(id, sizeof id, cl[c].std),                                         \
     snprintf(buf, sizeof buf, "%s:%s", id, numbers.data + cl[c].number), buf)
    char k1[300];
    f = open_out(out, "queries.tsv");
    fprintf(f, "# query\tparameters...\n");
    for (int q = 0; q < 2000; q++) { /* Q1 point */
        const edge *e = &ed[below((uint32_t)n_edges)];
        uint32_t pick = below(10);
        const char *annex = pick < 5   ? "*"
                            : pick < 9 ? annexes[e->annex]
                                       : annexes[below(6)];
        std_id(id2, sizeof id2, cl[e->to].std);
        fprintf(f, "Q1\t%s\t%s\t%s\n", KEY(k1, e->from), id2, annex);
    }
    for (int q = 0; q < 2000; q++) { /* Q2 subtree */
        const edge *e = &ed[below((uint32_t)n_edges)];
        uint32_t c = e->from;
        for (uint32_t up = below(3); up > 0 && cl[c].parent != UINT32_MAX; up--)
            c = cl[c].parent;
        std_id(id2, sizeof id2, cl[e->to].std);
        fprintf(f, "Q2\t%s\t%s\n", KEY(k1, c), id2);
    }
    for (int q = 0; q < 2000; q++) { /* Q3 two-hop */
        uint32_t t;
        const edge *e = two_hop(ed, n_edges, out_start, out_to, &t);
        uint32_t p = e->to;
        std_id(id, sizeof id, cl[p].std);
        std_id(id2, sizeof id2, cl[t].std);
        char pivot[32];
        memcpy(pivot, id, sizeof pivot);
        fprintf(f, "Q3\t%s\t%s\t%s\n", KEY(k1, e->from), pivot, id2);
    }
    for (int kind = 4; kind <= 5; kind++) { /* Q4 gap, Q5 coverage */
        for (int q = 0; q < 200; q++) {
            uint32_t a, b;
            if (below(10) < 7) {
                const edge *e = &ed[below((uint32_t)n_edges)];
                a = cl[e->from].std;
                b = cl[e->to].std;
            } else {
                a = below(n_std);
                b = below(n_std);
            }
            std_id(id, sizeof id, a);
            std_id(id2, sizeof id2, b);
            fprintf(f, "Q%d\t%s\t%s\n", kind, id, id2);
        }
    }
    for (int q = 0; q < 200; q++) { /* Q6 title substring */
        const char *title = titles.data + cl[below(n)].title;
        /* the words of the title: starts and lengths */
        size_t starts[8], lens[8], nw = 0;
        for (size_t i = 0; title[i] && nw < 8;) {
            starts[nw] = i;
            while (title[i] && title[i] != ' ')
                i++;
            lens[nw] = i - starts[nw];
            nw++;
            if (title[i] == ' ')
                i++;
        }
        char sub[16];
        size_t len = 0;
        size_t w = below((uint32_t)nw);
        if (below(10) < 2 && w + 1 < nw) {
            /* across a word boundary: the end of one word, a space, the
            ** start of the next; 3 to 8 characters in all */
            size_t total = between(3, 8);
            size_t tail = between(1, (uint32_t)(total - 2));
            if (tail > lens[w])
                tail = lens[w];
            size_t head = total - 1 - tail;
            if (head > lens[w + 1])
                head = lens[w + 1];
            memcpy(sub, title + starts[w] + lens[w] - tail, tail);
            sub[tail] = ' ';
            memcpy(sub + tail + 1, title + starts[w + 1], head);
            len = tail + 1 + head;
        } else {
            while (lens[w] < 3)
                w = below((uint32_t)nw);
            size_t want = between(3, 8);
            if (want > lens[w])
                want = lens[w];
            size_t at = below((uint32_t)(lens[w] - want + 1));
            memcpy(sub, title + starts[w] + at, want);
            len = want;
        }
        for (size_t i = 0; i < len; i++)
            if (sub[i] >= 'a' && sub[i] <= 'z' && below(10) < 3)
                sub[i] = (char)(sub[i] - 'a' + 'A');
        sub[len] = '\0';
        fprintf(f, "Q6\t%s\n", sub);
    }
    swap_stream(ed_rng);
    for (int q = 0; q < 200; q++) { /* Q7 gap against a later edition */
        uint32_t k = below(n_ed), b = ed_base[k];
        const edge *e;
        do /* a framework linked with the earlier edition */
            e = &ed[below((uint32_t)n_edges)];
        while (cl[e->from].std != b && cl[e->to].std != b);
        uint32_t a = cl[e->from].std == b ? cl[e->to].std : cl[e->from].std;
        std_id(id, sizeof id, a);
        std_id(id2, sizeof id2, n_std + k);
        char base[32];
        std_id(base, sizeof base, b);
        fprintf(f, "Q7\t%s\t%s\t%s\n", id, id2, base);
    }
    for (int q = 0; q < 200; q++) { /* Q8 any route of up to 3 hops */
        uint32_t t;
        const edge *e = two_hop(ed, n_edges, out_start, out_to, &t);
        uint32_t p = e->to;
        uint32_t target = cl[t].std != cl[e->from].std ? cl[t].std : cl[p].std;
        std_id(id2, sizeof id2, target);
        fprintf(f, "Q8\t%s\t%s\n", KEY(k1, e->from), id2);
    }
    swap_stream(ed_rng);
    close_out(f);
    printf("gen: %u frameworks, %u clauses, %llu edges in %s\n",
           (unsigned)n_std, (unsigned)n, (unsigned long long)n_edges, out);
    printf("gen: and %u later editions (%u clauses)\n", (unsigned)n_ed,
           (unsigned)(n_all - n));
    return 0;
}
