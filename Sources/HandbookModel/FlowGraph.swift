/// The graph of a flow: the union of its tracks, steps joined where tracks share them.
public struct FlowGraph: Sendable {
    /// Steps in first-seen order.
    public private(set) var nodes: [EntryRef] = []
    /// Edges in first-seen order, each once.
    public private(set) var edges: [(from: EntryRef, to: EntryRef)] = []
    private var edgeLocations: [SourceLocation] = []

    /// Builds the graph of some tracks.
    public init(tracks: [FlowTrack]) {
        var seenNodes = Set<EntryRef>()
        var seenEdges = Set<[EntryRef]>()
        for track in tracks {
            for (index, step) in track.steps.enumerated() {
                if seenNodes.insert(step.value).inserted { nodes.append(step.value) }
                guard index > 0 else { continue }
                let from = track.steps[index - 1].value
                if seenEdges.insert([from, step.value]).inserted {
                    edges.append((from, step.value))
                    edgeLocations.append(step.location)
                }
            }
        }
    }

    /// Reports a cycle at the step that closes it, naming the steps around it.
    public func checkAcyclic() throws(Diagnostic) {
        enum Mark { case visiting, done }
        var marks: [EntryRef: Mark] = [:]
        var stack: [EntryRef] = []
        func visit(_ node: EntryRef) -> (cycle: [EntryRef], edge: Int)? {
            marks[node] = .visiting
            stack.append(node)
            for (index, edge) in edges.enumerated() where edge.from == node {
                switch marks[edge.to] {
                case .visiting:
                    let start = stack.firstIndex(of: edge.to)!
                    return (Array(stack[start...]) + [edge.to], index)
                case nil:
                    if let found = visit(edge.to) { return found }
                case .done:
                    break
                }
            }
            stack.removeLast()
            marks[node] = .done
            return nil
        }
        for node in nodes where marks[node] == nil {
            if let (cycle, edge) = visit(node) {
                throw .error(
                    edgeLocations[edge], "career path has a cycle: " + cycle.map(\.id).joined(separator: " → "),
                    hint: "a path must only move forward; remove the step that leads back", check: .flowCycle)
            }
        }
    }

    /// Each step's column: the longest chain of steps before it.
    public func ranks() -> [EntryRef: Int] {
        var rank: [EntryRef: Int] = [:]
        var changed = true
        for node in nodes { rank[node] = 0 }
        // Relaxation terminates because the graph is acyclic (checked before drawing).
        while changed {
            changed = false
            for edge in edges where rank[edge.to]! < rank[edge.from]! + 1 {
                rank[edge.to] = rank[edge.from]! + 1
                changed = true
            }
        }
        return rank
    }
}
