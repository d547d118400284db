import CCmarkGFM

/// A borrowed cmark node (an opaque C pointer); never leaves this module.
struct Node: Equatable {
    let raw: OpaquePointer

    init(_ raw: OpaquePointer) { self.raw = raw }
    init?(_ raw: OpaquePointer?) {
        guard let raw else { return nil }
        self.raw = raw
    }

    var type: cmark_node_type { cmark_node_get_type(raw) }
    var firstChild: Node? { Node(cmark_node_first_child(raw)) }
    var next: Node? { Node(cmark_node_next(raw)) }
    var parent: Node? { Node(cmark_node_parent(raw)) }
    var startLine: Int { Int(cmark_node_get_start_line(raw)) }
    var startColumn: Int { Int(cmark_node_get_start_column(raw)) }
    var endLine: Int { Int(cmark_node_get_end_line(raw)) }
    var endColumn: Int { Int(cmark_node_get_end_column(raw)) }
    var headingLevel: Int { Int(cmark_node_get_heading_level(raw)) }

    /// The node's literal, copied: cmark's pointer dies when the node changes.
    var literal: String? { cmark_node_get_literal(raw).map { String(cString: $0) } }
    var url: String? { cmark_node_get_url(raw).map { String(cString: $0) } }

    var children: [Node] {
        var result: [Node] = []
        var child = firstChild
        while let node = child {
            result.append(node)
            child = node.next
        }
        return result
    }

    /// Text content as a browser's `textContent` would give it.
    var plainText: String {
        var out = ""
        appendPlainText(to: &out)
        return out
    }

    private func appendPlainText(to out: inout String) {
        switch type {
        case CMARK_NODE_TEXT, CMARK_NODE_CODE:
            out += literal ?? ""
        case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
            out += " "
        default:
            var child = firstChild
            while let node = child {
                node.appendPlainText(to: &out)
                child = node.next
            }
        }
    }

    /// Unlinks and frees this node and everything below it; only for a node whose children
    /// go with it (see `replaceWithCustomBlock` for why a block that lent its children to
    /// another node must outlive the render).
    func remove() {
        cmark_node_unlink(raw)
        cmark_node_free(raw)
    }

    /// Replaces this block with a custom block that wraps its children in the given HTML, and
    /// returns this node, unlinked but not freed: the caller frees it once the tree is rendered.
    /// cmark-gfm 0.29 does not copy inline text; a text, code span or raw HTML node's literal
    /// points into the content buffer of the block it was parsed in, so freeing that block
    /// while its children live on elsewhere leaves them reading freed memory (a heading that
    /// began with `<span>` rendered stray bytes, or a NUL that cut the page short).
    /// With `inline`, the HTML goes on a custom inline inside it, so no line breaks are
    /// added inside the tags (a heading's text stays `<h2 id="x">Text</h2>`).
    func replaceWithCustomBlock(enter: String, exit: String, inline: Bool = false) -> Node {
        let block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)!
        var container = block
        if inline {
            container = cmark_node_new(CMARK_NODE_CUSTOM_INLINE)!
            cmark_node_append_child(block, container)
        }
        cmark_node_set_on_enter(container, enter)
        cmark_node_set_on_exit(container, exit)
        for child in children {
            cmark_node_unlink(child.raw)
            cmark_node_append_child(container, child.raw)
        }
        cmark_node_insert_before(raw, block)
        cmark_node_unlink(raw)
        return self
    }
}
