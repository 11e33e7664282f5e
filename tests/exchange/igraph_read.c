/* Reads a GraphML file with igraph's own reader, as R's and Python's
 * igraph do (read_graph(format = "graphml")), and prints what it found,
 * for tests/exchange/exchange_check.py: a third reading of kring's
 * GraphML, beside networkx and kring. Output, tab-separated:
 *   graph VERTICES EDGES CODE
 *   vertex ID NAME RING FORMAL
 *   edge ID ID STRENGTH */
#include <igraph.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    igraph_t g;
    igraph_integer_t i;
    FILE *f;

    if (argc != 2 || (f = fopen(argv[1], "r")) == NULL) {
        fprintf(stderr, "usage: igraph_read FILE.graphml\n");
        return 2;
    }
    igraph_set_attribute_table(&igraph_cattribute_table);
    if (igraph_read_graph_graphml(&g, f, 0) != IGRAPH_SUCCESS) {
        fprintf(stderr, "igraph could not read %s\n", argv[1]);
        return 1;
    }
    fclose(f);
    printf("graph\t%ld\t%ld\t%s\n", (long)igraph_vcount(&g),
           (long)igraph_ecount(&g), GAS(&g, "code"));
    for (i = 0; i < igraph_vcount(&g); i++)
        printf("vertex\t%s\t%s\t%ld\t%s\n", VAS(&g, "id", i),
               VAS(&g, "name", i), (long)VAN(&g, "ring", i),
               VAB(&g, "formal", i) ? "true" : "false");
    for (i = 0; i < igraph_ecount(&g); i++)
        printf("edge\t%s\t%s\t%s\n", VAS(&g, "id", IGRAPH_FROM(&g, i)),
               VAS(&g, "id", IGRAPH_TO(&g, i)), EAS(&g, "strength", i));
    igraph_destroy(&g);
    return 0;
}
