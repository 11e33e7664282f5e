/* The meeting sheet as a PDF (part of kring-graphviz.so): A4 upright, a
 * header, the map drawn by Graphviz into the page (graphviz.c), then the
 * text flowed onto as many pages as it needs, "page N of M" at each foot.
 * cairo's own text (DejaVu Sans): the sheet's words are Latin script, and
 * pdftotext reads them back as written (docs/sheet.md). Plain C, nothing
 * of libkring. */
#include <cairo-pdf.h>
#include <cairo.h>
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graphviz.h"

#define _(s) dgettext("kring", s)

#define LEFT 36.0
#define RIGHT (KRING_SHEET_PAGE_W - 36.0)
#define TOP 40.0
#define BOTTOM (KRING_SHEET_PAGE_H - 46.0)
#define FOOT (KRING_SHEET_PAGE_H - 26.0)
#define MAP_TOP 84.0 /* under the header */
#define FONT "DejaVu Sans"
#define LEADING 1.22 /* line height, times the size */

/* Each style's size, weight, indent and the space before it. */
static const struct {
    double size;
    int bold;
    double indent, before;
} styles[KRING_SHEET_STYLE_COUNT] = {
    {10.5, 1, 0.0, 8.0}, /* heading */
    {8.5, 0, 0.0, 1.0},  /* text */
    {8.5, 1, 0.0, 3.0},  /* item */
    {8.0, 0, 12.0, 0.0}, /* subitem */
};

struct buffer {
    char *p;
    size_t len, cap;
    int failed;
};

static cairo_status_t collect(void *closure, const unsigned char *data,
                              unsigned int n)
{
    struct buffer *b = closure;

    if (b->failed)
        return CAIRO_STATUS_WRITE_ERROR;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 65536;
        char *p;
        while (cap < b->len + n)
            cap *= 2;
        if ((p = realloc(b->p, cap)) == NULL) {
            b->failed = 1;
            return CAIRO_STATUS_WRITE_ERROR;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, n);
    b->len += n;
    return CAIRO_STATUS_SUCCESS;
}

static void font(cairo_t *cr, double size, int bold)
{
    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD
                                : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

static double width(cairo_t *cr, const char *text)
{
    cairo_text_extents_t e;

    cairo_text_extents(cr, text, &e);
    return e.x_advance;
}

/* Where the pages are while the text flows. */
struct flow {
    cairo_t *cr;
    const kring_sheet_doc *doc;
    int draw;  /* 0: only count the pages */
    int page;  /* 1, 2, ... */
    int pages; /* all of them (known when drawing) */
    double y;  /* the next line's top */
};

/* FORMAT with its first "%d" the page and its second the pages; nothing
 * else in it is read (it is not passed to printf). */
static void page_of(char *buf, size_t cap, const char *format, int page,
                    int pages)
{
    size_t n = 0;
    int k = 0;

    for (; *format && n + 12 < cap; format++)
        if (format[0] == '%' && format[1] == 'd' && k < 2) {
            n += (size_t)snprintf(buf + n, cap - n, "%d", k++ ? pages : page);
            format++;
        } else
            buf[n++] = *format;
    buf[n] = '\0';
}

static void foot(struct flow *f)
{
    char num[96];

    if (!f->draw)
        return;
    font(f->cr, 8.0, 0);
    cairo_set_source_rgb(f->cr, 0.25, 0.25, 0.25);
    cairo_move_to(f->cr, LEFT, FOOT);
    cairo_show_text(f->cr, f->doc->foot);
    page_of(num, sizeof num, f->doc->page_of, f->page, f->pages);
    cairo_move_to(f->cr, RIGHT - width(f->cr, num), FOOT);
    cairo_show_text(f->cr, num);
    cairo_set_source_rgb(f->cr, 0, 0, 0);
}

static void next_page(struct flow *f)
{
    foot(f);
    if (f->draw)
        cairo_show_page(f->cr);
    f->page++;
    f->y = TOP;
}

/* Writes TEXT from X on the line at F's place, a new page first when it
 * would not fit. */
static void put(struct flow *f, double x, const char *text, double size,
                int bold)
{
    double lh = size * LEADING;

    if (f->y + lh > BOTTOM)
        next_page(f);
    if (f->draw) {
        font(f->cr, size, bold);
        cairo_move_to(f->cr, x, f->y + size);
        cairo_show_text(f->cr, text);
    }
    f->y += lh;
}

/* Where line L is cut at spaces into lines that fit ROOM (a word wider
 * than that keeps a line of its own): the length of each piece into CUT,
 * at most MAX of them; returns their number. */
static size_t cut_line(cairo_t *cr, const char *text, double room, char *line,
                       size_t *cut, size_t max)
{
    const char *rest = text;
    size_t n = 0;

    while (*rest && n < max) {
        size_t len = strlen(rest), at, best = 0;
        memcpy(line, rest, len + 1);
        if (width(cr, line) > room) {
            for (at = 0; rest[at]; at++)
                if (rest[at] == ' ') {
                    line[at] = '\0';
                    if (best == 0 || width(cr, line) <= room)
                        best = at;
                    line[at] = ' ';
                    if (best != at)
                        break;
                }
            if (best > 0)
                len = best;
        }
        cut[n++] = len;
        rest += len;
        while (*rest == ' ')
            rest++;
    }
    return n;
}

/* Line L, cut into lines that fit the column, kept on one page when it
 * fits on one (a page break never runs through a reason), with KEEP lines
 * of what follows it (a heading, or a candidate, is not left alone at the
 * foot of a page). */
static int flow_line(struct flow *f, const kring_sheet_line *l, int keep)
{
    double size = styles[l->style].size, x = LEFT + styles[l->style].indent;
    double room = RIGHT - x, lh = size * LEADING;
    int bold = styles[l->style].bold;
    size_t n = strlen(l->text), *cut, k, pieces, words = 1;
    char *line = malloc(n + 1);
    const char *rest = l->text;

    /* At most a line per word. */
    for (k = 0; k < n; k++)
        words += l->text[k] == ' ';
    cut = malloc(words * sizeof *cut);
    if (line == NULL || cut == NULL) {
        free(line);
        free(cut);
        return -1;
    }
    f->y += styles[l->style].before;
    font(f->cr, size, bold);
    pieces = cut_line(f->cr, l->text, room, line, cut, words);
    if (f->y + (double)(pieces + (size_t)keep) * lh > BOTTOM &&
        (double)pieces * lh <= BOTTOM - TOP)
        next_page(f);
    for (k = 0; k < pieces; k++) {
        size_t len = k + 1 < pieces ? cut[k] : strlen(rest);
        memcpy(line, rest, len);
        line[len] = '\0';
        put(f, x, line, size, bold);
        rest += len;
        while (*rest == ' ')
            rest++;
    }
    free(line);
    free(cut);
    return 0;
}

static void header(struct flow *f)
{
    cairo_t *cr = f->cr;

    font(cr, 14.0, 1);
    cairo_move_to(cr, LEFT, TOP + 14.0);
    cairo_show_text(cr, f->doc->title);
    font(cr, 9.0, 0);
    cairo_move_to(cr, LEFT, TOP + 30.0);
    cairo_show_text(cr, f->doc->subtitle);
    cairo_set_line_width(cr, 0.6);
    cairo_move_to(cr, LEFT, TOP + 37.0);
    cairo_line_to(cr, RIGHT, TOP + 37.0);
    cairo_stroke(cr);
}

/* The pages: page 1's header and map, then the lines. */
static int pages(struct kr_gv *g, struct flow *f, char *why, size_t cap)
{
    const kring_sheet_doc *d = f->doc;
    size_t i;

    f->page = 1;
    f->y = MAP_TOP;
    if (d->dot != NULL) {
        if (f->draw &&
            kr_gv_draw_into(g, d->dot, f->cr,
                            (LEFT + RIGHT - d->map_w * d->map_scale) / 2,
                            MAP_TOP, d->map_scale, why, cap))
            return -1;
        f->y += d->map_h * d->map_scale + 6.0;
    }
    if (f->draw)
        header(f);
    for (i = 0; i < d->n_lines; i++)
        if ((unsigned)d->lines[i].style >= KRING_SHEET_STYLE_COUNT ||
            flow_line(f, &d->lines[i],
                      d->lines[i].style == KRING_SHEET_HEADING ||
                              (d->lines[i].style == KRING_SHEET_ITEM &&
                               i + 1 < d->n_lines &&
                               d->lines[i + 1].style == KRING_SHEET_SUBITEM)
                          ? 2
                          : 0)) {
            snprintf(why, cap, "%s", _("out of memory"));
            return -1;
        }
    foot(f);
    if (f->draw)
        cairo_show_page(f->cr);
    return 0;
}

int kr_gv_sheet(struct kr_gv *g, const kring_sheet_doc *doc, char **out,
                size_t *len, int *pages_out, char *why, size_t cap)
{
    struct buffer b = {0};
    struct flow f = {0};
    char date[32];
    cairo_surface_t *s;
    int rc = -1;

    if (out != NULL) {
        *out = NULL;
        *len = 0;
    }
    s = cairo_pdf_surface_create_for_stream(collect, &b, KRING_SHEET_PAGE_W,
                                            KRING_SHEET_PAGE_H);
    f.cr = cairo_create(s);
    f.doc = doc;
    /* The dates are the meeting's, at midnight UTC: the same sheet gives
     * the same bytes, in every time zone. */
    snprintf(date, sizeof date, "%.10sT00:00:00Z", doc->date);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, doc->title);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "kring");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, date);
    /* Counted first, then drawn with "page N of M". */
    if (pages(g, &f, why, cap) == 0) {
        f.pages = f.page;
        if (pages_out != NULL)
            *pages_out = f.pages;
        f.draw = 1;
        rc = out == NULL ? 0 : pages(g, &f, why, cap);
    }
    cairo_destroy(f.cr);
    if (out == NULL) {
        /* Only counted: nothing drawn, nothing kept. */
        b.failed = 1;
        cairo_surface_destroy(s);
        free(b.p);
        return rc;
    }
    cairo_surface_finish(s);
    if (rc == 0 &&
        (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS || b.failed)) {
        snprintf(why, cap, "%s", _("cairo could not write the sheet"));
        rc = -1;
    }
    cairo_surface_destroy(s);
    if (rc != 0) {
        free(b.p);
        return -1;
    }
    *out = b.p;
    *len = b.len;
    return 0;
}
