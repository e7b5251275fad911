import Foundation
import MessagePack
import Testing

@Suite struct MalformedInputTests {
    private func error(_ reason: MessagePackError.Reason, at offset: Int) -> Failure {
        Failure(reason, at: offset)
    }

    /// Encodings to cut: every Python vector plus random values.
    private func samples() throws -> [[UInt8]] {
        var random = SeededGenerator(seed: 1)
        return try Vector.loadAll().map(\.bytes) + (0..<200).map { _ in MessagePack.encode(random.value()) }
    }

    @Test func everyPrefixIsTruncated() throws {
        for bytes in try samples() {
            // Every cut of a short value; of a long one, cuts near both ends and spread between.
            let cuts: [Int] = bytes.count <= 1024
                ? Array(0..<bytes.count)
                : Array(0..<128) + Array(stride(from: 128, to: bytes.count - 128, by: (bytes.count - 256) / 64 + 1))
                    + Array((bytes.count - 128)..<bytes.count)
            for cut in cuts {
                let prefix = Array(bytes[..<cut])
                guard let failure = decodeError(prefix) else {
                    Issue.record("prefix \(cut)/\(bytes.count) of \(hexString(bytes.prefix(16))) decoded")
                    return
                }
                guard failure.reason == .truncated, failure.offset <= cut else {
                    Issue.record("prefix \(cut)/\(bytes.count) of \(hexString(bytes.prefix(16))): \(failure)")
                    return
                }
                // As a stream, a cut value is an incomplete tail: nothing decoded, nothing consumed.
                guard let stream = try? MessagePack.decodeStream(prefix), stream.values.isEmpty, stream.consumed == 0 else {
                    Issue.record("stream of prefix \(cut)/\(bytes.count) of \(hexString(bytes.prefix(16))) did not wait for more")
                    return
                }
            }
        }
    }

    @Test func truncationOffsets() {
        #expect(decodeError([]) == error(.truncated, at: 0))
        #expect(decodeError([0xcd, 0x01]) == error(.truncated, at: 1))
        #expect(decodeError([0xcb, 0, 0, 0]) == error(.truncated, at: 1))
        #expect(decodeError([0xa3, 0x61]) == error(.truncated, at: 1))
        #expect(decodeError([0xda, 0x00]) == error(.truncated, at: 1))
        #expect(decodeError([0xda, 0x00, 0x03, 0x61]) == error(.truncated, at: 3))
        #expect(decodeError([0x92, 0x01]) == error(.truncated, at: 1), "2 elements cannot fit in 1 byte")
        #expect(decodeError([0x92, 0x01, 0xcd, 0x00]) == error(.truncated, at: 3))
        #expect(decodeError([0x81, 0x01]) == error(.truncated, at: 1), "a pair needs 2 bytes")
        #expect(decodeError([0xd4, 0x4e]) == error(.truncated, at: 2))
        #expect(decodeError([0xc7, 0x18]) == error(.truncated, at: 2), "ext type byte missing")
        #expect(decodeError([0xc7, 0x18, 0x4e, 0x32]) == error(.truncated, at: 3))
    }

    @Test func invalidByte() {
        #expect(decodeError([0xc1]) == error(.invalidByte(0xc1), at: 0))
        #expect(decodeError([0x93, 0x01, 0x02, 0xc1]) == error(.invalidByte(0xc1), at: 3))
        #expect(decodeError([0x81, 0xc1, 0x00]) == error(.invalidByte(0xc1), at: 1))
        #expect(decodeError([0x81, 0xa1, 0x61, 0xc1]) == error(.invalidByte(0xc1), at: 3))
        #expect(streamError([0xc0, 0xc1, 0xc0]) == error(.invalidByte(0xc1), at: 1))
        #expect(streamError([0xc0, 0xc1]) == error(.invalidByte(0xc1), at: 1), "a bad byte at the tail is not an incomplete tail")
    }

    @Test func trailingBytes() {
        #expect(decodeError([0xc0, 0xc0]) == error(.trailingBytes(1), at: 1))
        #expect(decodeError([0x91, 0x01, 0xff, 0xff, 0xff]) == error(.trailingBytes(3), at: 2))
        #expect(decodeError([0xa1, 0x61, 0xc1]) == error(.trailingBytes(1), at: 2), "whatever the trailing byte is")
    }

    @Test func tooDeep() async {
        let depth = MessagePack.maxDepth
        let inputs: [[UInt8]] = [
            // 100000 nested one-element arrays: refused at the limit, without recursing 100000 times.
            Array(repeating: 0x91, count: 100_000),
            [0xdc, 0x00, 0x01] + Array(repeating: 0x91, count: 100_000),
            // Nested maps through their values, and through their keys.
            Array([[UInt8]](repeating: [0x81, 0xc0], count: 50_000).joined()),
            Array(repeating: 0x81, count: 100_000),
            // The boundary: maxDepth nested containers decode, one more does not.
            Array(repeating: 0x91, count: depth - 1) + [0x90],
            Array(repeating: 0x91, count: depth - 1) + [0xc0],
            Array(repeating: 0x91, count: depth) + [0x90],
        ]
        let (failures, streamFailure) = await onThread(stackSize: maxDepthStack) {
            (inputs.map(decodeError), streamError(Array(repeating: 0x91, count: 100_000)))
        }
        #expect(failures == [
            error(.tooDeep, at: depth),
            error(.tooDeep, at: depth + 2),
            error(.tooDeep, at: 2 * depth - 1),
            error(.tooDeep, at: depth),
            nil,
            nil,
            error(.tooDeep, at: depth),
        ])
        #expect(streamFailure == error(.tooDeep, at: depth))
    }

    @Test func maxDepthFitsInItsStackBudget() async {
        // Guards the stack cost per level: the limit must decode on a thread of `maxDepthStack`
        // (512 KiB when optimized, the smallest default stack a caller's thread may have).
        let results = await onThread(stackSize: maxDepthStack) {
            (decodeError(Array(repeating: 0x91, count: MessagePack.maxDepth - 1) + [0x90]),
             decodeError(Array(repeating: 0x81, count: 100_000))?.reason)
        }
        #expect(results.0 == nil)
        #expect(results.1 == .tooDeep)
    }

    @Test func hugeHeadersFailFast() {
        let max32: [UInt8] = [0xff, 0xff, 0xff, 0xff]
        // Collections claiming 2^32-1 elements with nothing, or too little, behind them.
        #expect(decodeError([0xdd] + max32) == error(.truncated, at: 5))
        #expect(decodeError([0xdf] + max32) == error(.truncated, at: 5))
        #expect(decodeError([0xdd] + max32 + Array(repeating: 0xc0, count: 10_000)) == error(.truncated, at: 5))
        #expect(decodeError([0xdc, 0xff, 0xff] + Array(repeating: 0xc0, count: 65534)) == error(.truncated, at: 3))
        #expect(decodeError([0xde, 0x80, 0x00] + Array(repeating: 0xc0, count: 65535)) == error(.truncated, at: 3))
        // Strings, bins and exts claiming 4 GiB.
        #expect(decodeError([0xdb] + max32) == error(.truncated, at: 5))
        #expect(decodeError([0xc6] + max32 + [1, 2, 3]) == error(.truncated, at: 5))
        #expect(decodeError([0xc9] + max32 + [0x4e]) == error(.truncated, at: 6))
        // The same inside a container, and in a stream, where it is an incomplete tail.
        #expect(decodeError([0x91, 0xdd] + max32) == error(.truncated, at: 6))
        let stream = try? MessagePack.decodeStream([0xc3, 0xdd] + max32)
        #expect(stream?.values == [true])
        #expect(stream?.consumed == 1)
    }

    @Test func decodeStreamReturnsCompleteValues() throws {
        let values: [MessagePackValue] = [
            ["tag": "salt/job/1/ret/m1", "data": ["return": true]],
            "second", 3, .ext(78, Array("20261121T19:05:15.961226".utf8)), [1, 2, 3],
        ]
        var wire: [UInt8] = []
        var ends: [Int] = []
        for value in values {
            MessagePack.append(value, to: &wire)
            ends.append(wire.count)
        }

        let whole = try MessagePack.decodeStream(wire)
        #expect(whole.values == values)
        #expect(whole.consumed == wire.count)

        // Cut anywhere: the values that ended before the cut, and the bytes they used.
        for cut in 0...wire.count {
            let complete = ends.filter { $0 <= cut }
            let result = try MessagePack.decodeStream(Array(wire[..<cut]))
            #expect(result.values == Array(values.prefix(complete.count)), "cut \(cut)")
            #expect(result.consumed == (complete.last ?? 0), "cut \(cut)")
        }

        let empty = try MessagePack.decodeStream([])
        #expect(empty.values.isEmpty)
        #expect(empty.consumed == 0)
    }

    @Test func errorDescriptions() async {
        #expect(thrownError([0x92, 0x01])?.description == "malformed msgpack: truncated at byte 1")
        #expect(thrownError([0xc1])?.description == "malformed msgpack: invalid type byte 0xc1 at byte 0")
        #expect(thrownError([0xc0, 0x01, 0x02])?.description == "malformed msgpack: 2 trailing bytes after the value at byte 1")
        let deep = await onThread(stackSize: maxDepthStack) { thrownError(Array(repeating: 0x91, count: 1000))?.description }
        #expect(deep == "malformed msgpack: nested deeper than \(MessagePack.maxDepth) levels at byte \(MessagePack.maxDepth)")
    }

    @Test func randomGarbageNeverCrashes() {
        var random = SeededGenerator(seed: 0xBAD_F00D)
        // Bias toward header bytes so that garbage reaches deep into the decoder.
        let headers: [UInt8] = Array(0xc0...0xdf) + [0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf]
        for iteration in 0..<5000 {
            let count = Int.random(in: 0...64, using: &random)
            let garbage: [UInt8] = (0..<count).map { _ in
                Bool.random(using: &random) ? headers.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
            }
            check(garbage, iteration)
        }
    }

    @Test func mutatedValidEncodingsNeverCrash() throws {
        var random = SeededGenerator(seed: 42)
        let seeds = try Vector.loadAll().map(\.bytes).filter { $0.count <= 512 }
        for iteration in 0..<5000 {
            var bytes = seeds.randomElement(using: &random)!
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                switch Int.random(in: 0..<4, using: &random) {
                case 0 where !bytes.isEmpty:
                    bytes[Int.random(in: bytes.indices, using: &random)] = UInt8.random(in: 0...255, using: &random)
                case 1 where !bytes.isEmpty:
                    bytes.remove(at: Int.random(in: bytes.indices, using: &random))
                case 2:
                    bytes.insert(UInt8.random(in: 0...255, using: &random), at: Int.random(in: 0...bytes.count, using: &random))
                default:
                    bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &random)))
                }
            }
            check(bytes, iteration)
        }
    }

    /// Garbage either decodes to a value that round-trips, or fails with an error that points inside it.
    private func check(_ bytes: [UInt8], _ iteration: Int) {
        do {
            let value = try MessagePack.decode(bytes)
            let again = try MessagePack.decode(MessagePack.encode(value))
            if let mismatch = difference(again, value) {
                Issue.record("#\(iteration) \(hexString(bytes)): re-decoded differently: \(mismatch)")
            }
        } catch {
            if error.offset < 0 || error.offset > bytes.count {
                Issue.record("#\(iteration) \(hexString(bytes)): offset out of range: \(error)")
            }
            if case .trailingBytes(let count) = error.reason, count != bytes.count - error.offset {
                Issue.record("#\(iteration) \(hexString(bytes)): wrong trailing count: \(error)")
            }
        }
        do {
            let (values, consumed) = try MessagePack.decodeStream(bytes)
            #expect(consumed <= bytes.count)
            #expect(values.count <= bytes.count)
        } catch {
            #expect(error.reason != .truncated, "decodeStream keeps truncation as an incomplete tail")
        }
    }
}
