#if canImport(Glibc)
import Glibc
#endif

extension ProcessRunner {
    /// Feeds a child's stdin and reads its stdout and stderr together with poll, so a child that
    /// fills one pipe while we write the other never deadlocks; kills it at the deadline, or once it
    /// has printed more than `limit` bytes.
    enum Exchange {
        struct Output {
            var stdout: String
            var stderr: String
            var timedOut: Bool
            var exceeded = false
        }

        /// After a timeout kill, how long to keep reading for output already written: a process that
        /// left the group (a daemon) may hold the pipes open forever.
        static let drainAfterKill = 1.0

        static func run(_ child: Child, input: [UInt8], timeout: Double?, limit: Int? = nil) -> Output {
            var buffers: [[UInt8]] = [[], []]
            var fds = [
                pollfd(fd: child.output, events: Int16(POLLIN), revents: 0),
                pollfd(fd: child.errors, events: Int16(POLLIN), revents: 0),
                pollfd(fd: child.input, events: Int16(POLLOUT), revents: 0),
            ]
            if child.input >= 0 {
                _ = fcntl(child.input, F_SETFL, fcntl(child.input, F_GETFL) | O_NONBLOCK)
                if input.isEmpty { finish(&fds[2]) }
            }
            var written = 0
            var deadline = timeout.map { Timestamp.monotonic() + max($0, 0) }
            var timedOut = false
            var exceeded = false
            var chunk = [UInt8](repeating: 0, count: 65536)
            while fds.contains(where: { $0.fd >= 0 }) {
                var wait: Int32 = -1
                if let end = deadline {
                    let left = end - Timestamp.monotonic()
                    if left <= 0 {
                        if timedOut { break }
                        timedOut = true
                        kill(-child.pid, SIGKILL)
                        finish(&fds[2])
                        deadline = Timestamp.monotonic() + drainAfterKill
                        continue
                    }
                    wait = Int32(min(left * 1000 + 1, 60_000))
                }
                if poll(&fds, nfds_t(fds.count), wait) < 0 {
                    if errno == EINTR { continue }
                    break
                }
                for index in 0..<2 where fds[index].fd >= 0 && fds[index].revents != 0 {
                    let count = read(fds[index].fd, &chunk, chunk.count)
                    if count > 0 {
                        buffers[index].append(contentsOf: chunk[0..<count])
                        if let limit, !exceeded, buffers[0].count + buffers[1].count > limit {
                            exceeded = true
                            kill(-child.pid, SIGKILL)
                            for other in fds.indices { finish(&fds[other]) }
                        }
                    } else if count == 0 || errno != EINTR {
                        finish(&fds[index])
                    }
                }
                if fds[2].fd >= 0 && fds[2].revents != 0 {
                    let sent = input[written...].withUnsafeBytes {
                        send(fds[2].fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
                    }
                    if sent > 0 { written += sent }
                    if written == input.count || (sent < 0 && errno != EAGAIN && errno != EINTR) { finish(&fds[2]) }
                }
            }
            for index in fds.indices { finish(&fds[index]) }
            return Output(
                stdout: String(decoding: buffers[0], as: UTF8.self), stderr: String(decoding: buffers[1], as: UTF8.self),
                timedOut: timedOut, exceeded: exceeded)
        }

        /// Closes one of our ends (EOF for the child's stdin) and takes it out of the poll set.
        private static func finish(_ entry: inout pollfd) {
            guard entry.fd >= 0 else { return }
            close(entry.fd)
            entry.fd = -1
        }
    }
}
