import Dispatch

extension Array where Element: Sendable {
    /// Maps on all cores, keeping order. The results are written to distinct slots, so no lock.
    public func parallelMap<T: Sendable>(serial: Bool = false, _ transform: @Sendable (Element) -> T) -> [T] {
        if serial || count < 2 { return map(transform) }
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer {
            // Deallocating alone would leak every result's storage (the fuzzer's leak check found it).
            results.deinitialize()
            results.deallocate()
        }
        nonisolated(unsafe) let slots = results
        self.withUnsafeBufferPointer { input in
            nonisolated(unsafe) let items = input
            // Chunks of several items keep scheduling overhead low for small pages.
            let chunk = Swift.max(1, count / 256)
            let chunks = (count + chunk - 1) / chunk
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                for index in (c * chunk)..<Swift.min(count, (c + 1) * chunk) {
                    slots[index] = transform(items[index])
                }
            }
        }
        return results.map { $0! }
    }
}
