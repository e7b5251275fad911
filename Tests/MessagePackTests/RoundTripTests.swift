import MessagePack
import Testing

@Suite struct RoundTripTests {
    @Test func randomValuesRoundTrip() throws {
        var random = SeededGenerator(seed: 0x5A17_3008)
        for iteration in 0..<3000 {
            let value = random.value()
            let encoded = MessagePack.encode(value)
            let decoded = try MessagePack.decode(encoded)
            if let mismatch = difference(decoded, value) {
                Issue.record("value #\(iteration): \(mismatch)")
                return
            }
            // Encoding is a function of the value: decoding and re-encoding gives the same bytes.
            #expect(MessagePack.encode(decoded) == encoded, "value #\(iteration)")
        }
    }

    /// Decoding in place (a database row's bytes, where the driver holds them) reads as from an array,
    /// from a slice of a larger buffer too, and refuses trailing bytes the same way.
    @Test func randomValuesDecodeInPlace() throws {
        var random = SeededGenerator(seed: 15)
        for iteration in 0..<500 {
            let value = random.value()
            let framed = [0xc1] + MessagePack.encode(value) + [0xc1]
            let decoded = try framed.withUnsafeBufferPointer { buffer in
                try MessagePack.decode(UnsafeBufferPointer(rebasing: buffer.dropFirst().dropLast()))
            }
            if let mismatch = difference(decoded, value) {
                Issue.record("value #\(iteration): \(mismatch)")
                return
            }
        }
        let trailing = #expect(throws: MessagePackError.self) {
            try [UInt8]([0xa1, 0x61, 0x00]).withUnsafeBufferPointer { try MessagePack.decode($0) }
        }
        #expect(trailing.map(Failure.init) == Failure(.trailingBytes(1), at: 2))
        let empty = #expect(throws: MessagePackError.self) {
            try [UInt8]().withUnsafeBufferPointer { try MessagePack.decode($0) }
        }
        #expect(empty.map(Failure.init) == Failure(.truncated, at: 0))
    }

    @Test func randomValuesRoundTripThroughAStream() throws {
        var random = SeededGenerator(seed: 78)
        let values = (0..<300).map { _ in random.value() }
        var wire: [UInt8] = []
        for value in values { MessagePack.append(value, to: &wire) }

        // Feed the wire in random chunks, as a socket would, keeping the undecoded tail.
        var pending: [UInt8] = []
        var received: [MessagePackValue] = []
        var position = 0
        while position < wire.count {
            let chunk = min(Int.random(in: 1...700, using: &random), wire.count - position)
            pending += wire[position..<(position + chunk)]
            position += chunk
            let (decoded, consumed) = try MessagePack.decodeStream(pending)
            received += decoded
            pending.removeFirst(consumed)
        }
        #expect(pending.isEmpty)
        #expect(received.count == values.count)
        for (index, (got, sent)) in zip(received, values).enumerated() {
            if let mismatch = difference(got, sent) {
                Issue.record("value #\(index): \(mismatch)")
                return
            }
        }
    }

    @Test func deepButAllowedNestingRoundTrips() async {
        // maxDepth levels of containers, alternating arrays and maps, decode back to the same value.
        let same = await onThread(stackSize: maxDepthStack) { () -> Bool in
            var value: MessagePackValue = []
            for level in 1..<MessagePack.maxDepth {
                value = level.isMultiple(of: 2) ? [value] : .map([MessagePackPair("k", value)])
            }
            return (try? MessagePack.decode(MessagePack.encode(value))) == value
        }
        #expect(same)
    }

    @Test func mapsKeepWireOrderAndDuplicates() throws {
        let pairs = [
            MessagePackPair("z", 1), MessagePackPair("a", 2), MessagePackPair("z", 3),
            MessagePackPair(.int(5), .nil), MessagePackPair(.array([1]), .binary([0])),
        ]
        let decoded = try MessagePack.decode(MessagePack.encode(.map(pairs)))
        #expect(decoded.mapValue == pairs)
    }
}
