#include "websocket/BatchSender.h"

#include "logging/Logging.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <linux/io_uring.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace parley::websocket {
namespace {

constexpr unsigned kRingEntries = 256;

int ringSetup(unsigned entries, io_uring_params *params)
{
    return int(::syscall(__NR_io_uring_setup, entries, params));
}

int ringEnter(int ring, unsigned submit, unsigned minComplete, unsigned flags)
{
    return int(::syscall(__NR_io_uring_enter, ring, submit, minComplete, flags, nullptr, 0));
}

template<typename T>
T *at(void *base, unsigned offset)
{
    return reinterpret_cast<T *>(static_cast<char *>(base) + offset);
}

} // namespace

BatchSender::BatchSender()
{
    io_uring_params params{};
    const int ring = ringSetup(kRingEntries, &params);
    if (ring < 0) {
        qCInfo(lcRealtime).nospace() << "io_uring unavailable (" << std::strerror(errno)
                                     << "): frames are written one socket at a time";
        return;
    }
    if (!(params.features & IORING_FEAT_SINGLE_MMAP)) { // kernels before 5.4
        ::close(ring);
        return;
    }
    const size_t sqBytes = params.sq_off.array + params.sq_entries * sizeof(unsigned);
    const size_t cqBytes = params.cq_off.cqes + params.cq_entries * sizeof(io_uring_cqe);
    m_ringsBytes = std::max(sqBytes, cqBytes);
    m_rings = ::mmap(nullptr, m_ringsBytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ring,
                     IORING_OFF_SQ_RING);
    m_sqesBytes = params.sq_entries * sizeof(io_uring_sqe);
    m_sqes = ::mmap(nullptr, m_sqesBytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ring,
                    IORING_OFF_SQES);
    if (m_rings == MAP_FAILED || m_sqes == MAP_FAILED) {
        if (m_rings != MAP_FAILED)
            ::munmap(m_rings, m_ringsBytes);
        if (m_sqes != MAP_FAILED)
            ::munmap(m_sqes, m_sqesBytes);
        m_rings = m_sqes = nullptr;
        ::close(ring);
        return;
    }
    m_entries = params.sq_entries;
    m_sqTail = at<unsigned>(m_rings, params.sq_off.tail);
    m_sqMask = at<unsigned>(m_rings, params.sq_off.ring_mask);
    m_sqArray = at<unsigned>(m_rings, params.sq_off.array);
    m_cqHead = at<unsigned>(m_rings, params.cq_off.head);
    m_cqTail = at<unsigned>(m_rings, params.cq_off.tail);
    m_cqMask = at<unsigned>(m_rings, params.cq_off.ring_mask);
    m_cqes = at<void>(m_rings, params.cq_off.cqes);
    m_ring = ring;
}

BatchSender::~BatchSender()
{
    closeRing();
}

void BatchSender::closeRing()
{
    if (m_ring < 0)
        return;
    ::munmap(m_sqes, m_sqesBytes);
    ::munmap(m_rings, m_ringsBytes);
    ::close(m_ring);
    m_ring = -1;
}

void BatchSender::sendAll(const int *descriptors, const msghdr *messages, ssize_t *results,
                          size_t count)
{
    std::fill(results, results + count, ssize_t(-EAGAIN));
    for (size_t done = 0; done < count && m_ring >= 0;) {
        const auto n = unsigned(std::min<size_t>(count - done, m_entries));
        submitAndReap(descriptors + done, messages + done, results + done, n);
        done += n;
    }
}

void BatchSender::submitAndReap(const int *descriptors, const msghdr *messages, ssize_t *results,
                                unsigned count)
{
    auto *sqes = static_cast<io_uring_sqe *>(m_sqes);
    unsigned tail = *m_sqTail; // this thread is the only producer
    for (unsigned i = 0; i < count; ++i, ++tail) {
        const unsigned slot = tail & *m_sqMask;
        io_uring_sqe &sqe = sqes[slot];
        std::memset(&sqe, 0, sizeof sqe);
        sqe.opcode = IORING_OP_SENDMSG;
        sqe.fd = descriptors[i];
        sqe.addr = reinterpret_cast<__u64>(&messages[i]);
        sqe.len = 1;
        // MSG_DONTWAIT: a socket that cannot take more completes with -EAGAIN at once, instead
        // of the ring waiting for it (and writing later, behind the caller's back).
        sqe.msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL;
        sqe.user_data = i;
        m_sqArray[slot] = slot;
    }
    __atomic_store_n(m_sqTail, tail, __ATOMIC_RELEASE);
    // Every send completes within the call (non-blocking): wait for all of them, so that no
    // request still points at the caller's buffers once this returns.
    unsigned submitted = 0;
    bool failed = false;
    while (submitted < count) {
        const int n =
            ringEnter(m_ring, count - submitted, count - submitted, IORING_ENTER_GETEVENTS);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            qCWarning(lcRealtime).nospace()
                << "io_uring_enter failed (" << std::strerror(errno)
                << "): frames are written one socket at a time from now on";
            failed = true; // what the ring did not take stays -EAGAIN; the ring goes
            break;
        }
        submitted += unsigned(n);
    }
    auto *cqes = static_cast<io_uring_cqe *>(m_cqes);
    for (unsigned reaped = 0, idle = 0; reaped < submitted;) {
        unsigned head = *m_cqHead;
        const unsigned ready = __atomic_load_n(m_cqTail, __ATOMIC_ACQUIRE);
        if (head == ready) {
            if (ringEnter(m_ring, 0, submitted - reaped, IORING_ENTER_GETEVENTS) < 0 &&
                errno != EINTR && ++idle > 1000) {
                failed = true;
                break;
            }
            continue;
        }
        for (; head != ready; ++head, ++reaped) {
            const io_uring_cqe &cqe = cqes[head & *m_cqMask];
            results[cqe.user_data] = cqe.res;
        }
        __atomic_store_n(m_cqHead, head, __ATOMIC_RELEASE);
    }
    if (failed)
        closeRing();
}

} // namespace parley::websocket
