#pragma once

#include <cstddef>
#include <sys/socket.h>
#include <sys/types.h>

namespace parley::websocket {

// Several sockets' sendmsg() in one system call (an io_uring of our own, driven by raw system
// calls). A pass that writes one frame to each of a room's members otherwise makes one call per
// member, and the kernel can switch to a local reader woken by each of them before the next: with
// one call, every frame is out before this thread can be switched out. Every send is
// non-blocking (MSG_DONTWAIT) and completes within the call: what a socket does not take is its
// caller's to write later, as after a short sendmsg(). Where io_uring is unavailable (old kernel,
// seccomp, io_uring_disabled) isReady() is false and the caller writes one socket at a time.
class BatchSender
{
public:
    BatchSender();
    ~BatchSender();
    BatchSender(const BatchSender &) = delete;
    BatchSender &operator=(const BatchSender &) = delete;

    bool isReady() const { return m_ring >= 0; }
    // Sends messages[i] on descriptors[i] for i < count; results[i] is what sendmsg() would have
    // returned, or -errno. A send the ring could not take is -EAGAIN (nothing of it was sent); a
    // ring that fails is closed and isReady() turns false.
    void sendAll(const int *descriptors, const msghdr *messages, ssize_t *results, size_t count);

private:
    void submitAndReap(const int *descriptors, const msghdr *messages, ssize_t *results,
                       unsigned count);
    void closeRing();

    int m_ring = -1;
    unsigned m_entries = 0;
    void *m_rings = nullptr; // submission and completion rings (one mapping)
    size_t m_ringsBytes = 0;
    void *m_sqes = nullptr;
    size_t m_sqesBytes = 0;
    unsigned *m_sqTail = nullptr;
    unsigned *m_sqMask = nullptr;
    unsigned *m_sqArray = nullptr;
    unsigned *m_cqHead = nullptr;
    unsigned *m_cqTail = nullptr;
    unsigned *m_cqMask = nullptr;
    void *m_cqes = nullptr;
};

} // namespace parley::websocket
