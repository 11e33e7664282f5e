/* The meeting sheet as a PDF (part of kring-graphviz.so): A4 upright, a
 * header, the map drawn by Graphviz into the page (graphviz.c), then the
 * text flowed onto as many pages as it needs, "page N of M" at each foot.
 * The text is laid out by pango (DejaVu Sans, and the fonts the system has
 * for other scripts): lines broken at spaces, a word wider than the page
 * broken between letters, names in any script shaped and ordered as they
 * are written; ligatures off, so that pdftotext reads back every word as
 * written (docs/sheet.md). Plain C, nothing of libkring. */
#include <cairo-pdf.h>
#include <cairo.h>
#include <libintl.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graphviz.h"

#define _(s) dgettext("kring", s)

#define LEFT 28.0
#define RIGHT (KRING_SHEET_PAGE_W - 28.0)
#define TOP 40.0
#define BOTTOM (KRING_SHEET_PAGE_H - 46.0)
#define FOOT (KRING_SHEET_PAGE_H - 26.0)
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

static cairo_status_t collect(void *closure, const unsigned char *data,
                              unsigned int n)
{
    return kr_gv_buf_put(closure, data, n) ? CAIRO_STATUS_WRITE_ERROR
                                           : CAIRO_STATUS_SUCCESS;
}

/* Where the pages are while the text flows. */
struct flow {
    cairo_t *cr;
    PangoLayout *layout;
    PangoAttrList *attrs;
    const kring_sheet_doc *doc;
    int draw;  /* 0: only count the pages */
    int page;  /* 1, 2, ... */
    int pages; /* all of them (known when drawing) */
    double y;  /* the next line's top */
    int failed;
};

/* Lays TEXT out at SIZE points (BOLD or not), its lines no wider than
 * WIDTH. Control characters other than a line break become spaces: the
 * text is a case's (a note may hold a tab). */
static void lay_out(struct flow *f, const char *text, double size, int bold,
                    double width)
{
    PangoFontDescription *d = pango_font_description_from_string(FONT);
    size_t n = strlen(text), i;
    char *clean = malloc(n + 1);

    pango_font_description_set_weight(d, bold ? PANGO_WEIGHT_BOLD
                                              : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(d, size * PANGO_SCALE);
    pango_layout_set_font_description(f->layout, d);
    pango_font_description_free(d);
    pango_layout_set_width(f->layout, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(f->layout, PANGO_WRAP_WORD_CHAR);
    if (clean == NULL) {
        f->failed = 1;
        pango_layout_set_text(f->layout, "", 0);
        return;
    }
    for (i = 0; i < n; i++)
        clean[i] = (unsigned char)text[i] < 0x20 && text[i] != '\n'
                       ? ' '
                       : (text[i] == 0x7f ? ' ' : text[i]);
    clean[n] = '\0';
    pango_layout_set_text(f->layout, clean, (int)n);
    free(clean);
}

/* Draws the laid-out line LINE with its top at Y. */
static void show_line(struct flow *f, PangoLayoutLine *line, double x, double y)
{
    PangoRectangle ink, logical;

    pango_layout_line_get_extents(line, &ink, &logical);
    cairo_move_to(f->cr, x, y - (double)logical.y / PANGO_SCALE);
    pango_cairo_show_layout_line(f->cr, line);
}

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
    int w, h;

    if (!f->draw)
        return;
    cairo_set_source_rgb(f->cr, 0.25, 0.25, 0.25);
    page_of(num, sizeof num, f->doc->page_of, f->page, f->pages);
    lay_out(f, num, 8.0, 0, RIGHT - LEFT);
    pango_layout_get_size(f->layout, &w, &h);
    show_line(f, pango_layout_get_line_readonly(f->layout, 0),
              RIGHT - (double)w / PANGO_SCALE, FOOT);
    /* The case and date, cut short before the page's number. */
    lay_out(f, f->doc->foot, 8.0, 0,
            RIGHT - LEFT - (double)w / PANGO_SCALE - 12);
    show_line(f, pango_layout_get_line_readonly(f->layout, 0), LEFT, FOOT);
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

/* How tall TEXT is in style ST, in points, at our line height. */
static double height_of(struct flow *f, const char *text, kring_sheet_style st)
{
    lay_out(f, text, styles[st].size, styles[st].bold,
            RIGHT - LEFT - styles[st].indent);
    return pango_layout_get_line_count(f->layout) * styles[st].size * LEADING;
}

/* Line L (laid out into lines that fit the column) on one page when it
 * fits on one (a page break never runs through a reason), with the
 * NEXT line when KEEP (a heading, or a candidate, is not left alone at
 * the foot of a page). */
static void flow_line(struct flow *f, const kring_sheet_line *l,
                      const kring_sheet_line *next)
{
    double size = styles[l->style].size, x = LEFT + styles[l->style].indent;
    double lh = size * LEADING, need, after = 0;
    int k, lines;

    f->y += styles[l->style].before;
    if (next != NULL) {
        after =
            styles[next->style].before + height_of(f, next->text, next->style);
        /* A long next paragraph: two of its lines, at least. */
        if (after > BOTTOM - TOP - 4 * lh)
            after = 2 * styles[next->style].size * LEADING;
    }
    lay_out(f, l->text, size, styles[l->style].bold, RIGHT - x);
    lines = pango_layout_get_line_count(f->layout);
    need = lines * lh;
    if (f->y + need + after > BOTTOM && need + after <= BOTTOM - TOP)
        next_page(f);
    /* next_page() may have used the layout for the foot. */
    lay_out(f, l->text, size, styles[l->style].bold, RIGHT - x);
    for (k = 0; k < lines; k++) {
        if (f->y + lh > BOTTOM) {
            next_page(f);
            lay_out(f, l->text, size, styles[l->style].bold, RIGHT - x);
        }
        if (f->draw)
            show_line(f, pango_layout_get_line_readonly(f->layout, k), x, f->y);
        f->y += lh;
    }
}

/* The header: the title and the subtitle, wrapped when long, and a rule;
 * returns where the map begins. */
static double header(struct flow *f)
{
    double y = TOP;
    int k, n;

    lay_out(f, f->doc->title, 14.0, 1, RIGHT - LEFT);
    n = pango_layout_get_line_count(f->layout);
    for (k = 0; k < n; k++, y += 14.0 * LEADING)
        if (f->draw)
            show_line(f, pango_layout_get_line_readonly(f->layout, k), LEFT, y);
    y += 2.0;
    lay_out(f, f->doc->subtitle, 9.0, 0, RIGHT - LEFT);
    n = pango_layout_get_line_count(f->layout);
    for (k = 0; k < n; k++, y += 9.0 * LEADING)
        if (f->draw)
            show_line(f, pango_layout_get_line_readonly(f->layout, k), LEFT, y);
    y += 4.0;
    if (f->draw) {
        cairo_set_line_width(f->cr, 0.6);
        cairo_move_to(f->cr, LEFT, y);
        cairo_line_to(f->cr, RIGHT, y);
        cairo_stroke(f->cr);
    }
    return y + 8.0;
}

/* The pages: page 1's header and map, then the lines. */
static int pages(struct kr_gv *g, struct flow *f, char *why, size_t cap)
{
    const kring_sheet_doc *d = f->doc;
    double top;
    size_t i;

    f->page = 1;
    f->y = top = header(f);
    if (d->map.bytes != NULL) {
        if (f->draw &&
            kr_gv_draw_into(g, d->map.bytes, d->map.len, f->cr,
                            (LEFT + RIGHT - d->map_w * d->map_scale) / 2, top,
                            d->map_scale, why, cap))
            return -1;
        f->y += d->map_h * d->map_scale + 6.0;
    }
    for (i = 0; i < d->n_lines; i++) {
        const kring_sheet_line *l = &d->lines[i];
        int keep = i + 1 < d->n_lines &&
                   (l->style == KRING_SHEET_HEADING ||
                    (l->style == KRING_SHEET_ITEM &&
                     d->lines[i + 1].style == KRING_SHEET_SUBITEM));
        if ((unsigned)l->style >= KRING_SHEET_STYLE_COUNT ||
            (keep &&
             (unsigned)d->lines[i + 1].style >= KRING_SHEET_STYLE_COUNT)) {
            snprintf(why, cap, "%s", "a line of the sheet has no style");
            return -1;
        }
        flow_line(f, l, keep ? &d->lines[i + 1] : NULL);
    }
    foot(f);
    if (f->draw)
        cairo_show_page(f->cr);
    if (f->failed) {
        snprintf(why, cap, "%s", _("out of memory"));
        return -1;
    }
    return 0;
}

int kr_gv_sheet(struct kr_gv *g, const kring_sheet_doc *doc, char **out,
                size_t *len, int *pages_out, char *why, size_t cap)
{
    struct kr_gv_buf b = {0};
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
    f.layout = pango_cairo_create_layout(f.cr);
    /* No ligatures: "fi" stays two letters that pdftotext finds. */
    f.attrs = pango_attr_list_new();
    pango_attr_list_insert(f.attrs,
                           pango_attr_font_features_new("liga 0, clig 0"));
    /* A word broken across lines gets no hyphen that is not in it. */
    pango_attr_list_insert(f.attrs, pango_attr_insert_hyphens_new(FALSE));
    pango_layout_set_attributes(f.layout, f.attrs);
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
    if (rc == 0 && cairo_status(f.cr) != CAIRO_STATUS_SUCCESS) {
        snprintf(why, cap, "%s", _("cairo could not write the sheet"));
        rc = -1;
    }
    g_object_unref(f.layout);
    pango_attr_list_unref(f.attrs);
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
    if (rc == 0 && b.p == NULL && kr_gv_buf_put(&b, "", 0)) {
        snprintf(why, cap, "%s", _("out of memory"));
        rc = -1;
    }
    if (rc != 0) {
        free(b.p);
        return -1;
    }
    *out = b.p;
    *len = b.len;
    return 0;
}
