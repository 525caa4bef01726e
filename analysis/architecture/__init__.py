"""Architecture: the import graph, components and their coupling, cycles, and the detected stack.

The graph is built by hand into ``grimp.ImportGraph`` from parsed import statements;
``grimp.build_graph`` is never used because it imports the scanned package.
"""
