/*
 * The floor: what the kernel charges to send small messages to many loopback TCP connections,
 * one write(2) per message against io_uring with a batch of sends per io_uring_enter(2).
 *
 * A hub's broadcast is exactly this: the same few bytes to every subscriber's socket. This program
 * measures the sending thread's CPU (user + system, getrusage(RUSAGE_THREAD)) per message, so that
 * the hub's own figures can be read against what the kernel allows on the same machine.
 *
 * Usage: floor <connections> <rounds> <mode> [batch]
 *   mode write: one write(2) per message
 *   mode uring: IORING_OP_SEND per message, submitted <batch> at a time (io_uring_enter waits
 *               for those completions before the next batch)
 * Each round sends one 100-byte message to every connection. Nobody reads: rounds * 100 bytes
 * stay well below a socket's receive buffer, so no send ever waits.
 *
 * No liburing: the ring is set up with the raw system calls and <linux/io_uring.h>.
 * Prints one line: mode batch connections messages cpu_us us_per_message.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/io_uring.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#define MESSAGE 100

static void die(const char *what) {
    perror(what);
    exit(1);
}

static double thread_cpu_us(void) {
    struct rusage u;
    if (getrusage(RUSAGE_THREAD, &u) != 0) {
        die("getrusage");
    }
    return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e6 + u.ru_utime.tv_usec + u.ru_stime.tv_usec;
}

/* Connects n loopback TCP pairs; returns the accepted (sending) sides. */
static int *connect_pairs(int n) {
    struct rlimit lim;
    getrlimit(RLIMIT_NOFILE, &lim);
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
    if ((rlim_t) (2 * n + 16) > lim.rlim_cur) {
        fprintf(stderr, "need %d descriptors, the limit is %ld\n", 2 * n + 16, (long) lim.rlim_cur);
        exit(1);
    }
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof addr;
    if (listener < 0 || bind(listener, (struct sockaddr *) &addr, sizeof addr) != 0
            || listen(listener, 4096) != 0 || getsockname(listener, (struct sockaddr *) &addr, &len) != 0) {
        die("listen");
    }
    int *senders = calloc(n, sizeof(int));
    int one = 1;
    for (int i = 0; i < n; i++) {
        int c = socket(AF_INET, SOCK_STREAM, 0);
        if (c < 0 || connect(c, (struct sockaddr *) &addr, sizeof addr) != 0) {
            die("connect");
        }
        senders[i] = accept(listener, NULL, NULL);
        if (senders[i] < 0) {
            die("accept");
        }
        /* As a hub sets it: each message leaves at once. */
        setsockopt(senders[i], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    close(listener);
    return senders;
}

struct ring {
    int fd;
    unsigned *sq_tail, *sq_mask, *sq_array, *cq_head, *cq_tail, *cq_mask;
    struct io_uring_sqe *sqes;
    struct io_uring_cqe *cqes;
};

static void ring_setup(struct ring *r, unsigned entries) {
    struct io_uring_params p;
    memset(&p, 0, sizeof p);
    p.flags = IORING_SETUP_CQSIZE;
    p.cq_entries = 2 * entries;
    r->fd = (int) syscall(__NR_io_uring_setup, entries, &p);
    if (r->fd < 0) {
        die("io_uring_setup");
    }
    size_t sq_len = p.sq_off.array + p.sq_entries * sizeof(unsigned);
    size_t cq_len = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
    char *sq = mmap(NULL, sq_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQ_RING);
    char *cq = mmap(NULL, cq_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_CQ_RING);
    r->sqes = mmap(NULL, p.sq_entries * sizeof(struct io_uring_sqe), PROT_READ | PROT_WRITE,
            MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQES);
    if (sq == MAP_FAILED || cq == MAP_FAILED || r->sqes == MAP_FAILED) {
        die("mmap");
    }
    r->sq_tail = (unsigned *) (sq + p.sq_off.tail);
    r->sq_mask = (unsigned *) (sq + p.sq_off.ring_mask);
    r->sq_array = (unsigned *) (sq + p.sq_off.array);
    r->cq_head = (unsigned *) (cq + p.cq_off.head);
    r->cq_tail = (unsigned *) (cq + p.cq_off.tail);
    r->cq_mask = (unsigned *) (cq + p.cq_off.ring_mask);
    r->cqes = (struct io_uring_cqe *) (cq + p.cq_off.cqes);
}

static void queue_send(struct ring *r, int fd, const char *buf) {
    unsigned tail = *r->sq_tail;
    unsigned index = tail & *r->sq_mask;
    struct io_uring_sqe *sqe = &r->sqes[index];
    memset(sqe, 0, sizeof *sqe);
    sqe->opcode = IORING_OP_SEND;
    sqe->fd = fd;
    sqe->addr = (uint64_t) (uintptr_t) buf;
    sqe->len = MESSAGE;
    sqe->user_data = (uint64_t) fd;
    r->sq_array[index] = index;
    __atomic_store_n(r->sq_tail, tail + 1, __ATOMIC_RELEASE);
}

/* Submits what is queued, waits for as many completions, and checks them. */
static void submit_and_reap(struct ring *r, unsigned n) {
    while (syscall(__NR_io_uring_enter, r->fd, n, n, IORING_ENTER_GETEVENTS, NULL, 0) < 0) {
        if (errno != EINTR) {
            die("io_uring_enter");
        }
    }
    unsigned head = *r->cq_head;
    unsigned tail = __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE);
    for (; head != tail; head++) {
        struct io_uring_cqe *cqe = &r->cqes[head & *r->cq_mask];
        if (cqe->res != MESSAGE) {
            fprintf(stderr, "send to %llu: %d\n", (unsigned long long) cqe->user_data, cqe->res);
            exit(1);
        }
    }
    __atomic_store_n(r->cq_head, head, __ATOMIC_RELEASE);
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s <connections> <rounds> write|uring [batch]\n", argv[0]);
        return 2;
    }
    int n = atoi(argv[1]);
    int rounds = atoi(argv[2]);
    int uring = strcmp(argv[3], "uring") == 0;
    unsigned batch = argc > 4 ? (unsigned) atoi(argv[4]) : 1;
    if (n <= 0 || rounds <= 0 || batch == 0 || (!uring && strcmp(argv[3], "write") != 0)
            || (long) rounds * MESSAGE > 64 * 1024) {
        fprintf(stderr, "bad arguments (rounds * 100 bytes must stay below 64 KiB)\n");
        return 2;
    }
    int *fds = connect_pairs(n);
    static char message[MESSAGE];
    memset(message, 'x', MESSAGE - 1);
    message[MESSAGE - 1] = '\n';

    struct ring r;
    if (uring) {
        unsigned entries = 1;
        while (entries < batch) {
            entries <<= 1;
        }
        ring_setup(&r, entries);
    }
    double start = thread_cpu_us();
    long messages = 0;
    for (int round = 0; round < rounds; round++) {
        unsigned queued = 0;
        for (int i = 0; i < n; i++) {
            if (!uring) {
                if (write(fds[i], message, MESSAGE) != MESSAGE) {
                    die("write");
                }
            } else {
                queue_send(&r, fds[i], message);
                if (++queued == batch) {
                    submit_and_reap(&r, queued);
                    queued = 0;
                }
            }
            messages++;
        }
        if (queued > 0) {
            submit_and_reap(&r, queued);
        }
    }
    double cpu = thread_cpu_us() - start;
    printf("%s batch=%u connections=%d messages=%ld cpu_us=%.0f us_per_message=%.2f\n",
            uring ? "io_uring" : "write(2)", uring ? batch : 1, n, messages, cpu, cpu / messages);
    return 0;
}
