"""Tarjan's components on hand-drawn graphs, and a graph deep enough to break recursion."""

from analysis.graph_cycles import strongly_connected_components


def test_components_of_a_hand_drawn_graph():
    # a -> b -> c -> a is one cycle; c -> d; d alone; e -> e is a self-loop; f -> ghost ignored
    graph = {"a": ["b"], "b": ["c"], "c": ["a", "d"], "d": [], "e": ["e"], "f": ["ghost"]}
    components = [sorted(c) for c in strongly_connected_components(graph)]
    assert sorted(components) == [["a", "b", "c"], ["d"], ["e"], ["f"]]


def test_a_chain_of_100000_nodes_does_not_recurse():
    chain = {i: [i + 1] for i in range(100_000)}
    chain[100_000] = [0]  # closing the chain makes it one component
    (component,) = strongly_connected_components(chain)
    assert len(component) == 100_001
