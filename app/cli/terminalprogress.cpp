#include "terminalprogress.h"

#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace masklab::cli {

namespace {
std::atomic<bool> g_interrupted{false};

extern "C" void onInterrupt(int)
{
    g_interrupted.store(true);
}
} // namespace

InterruptFlag::InterruptFlag()
{
    g_interrupted.store(false);
    std::signal(SIGINT, onInterrupt);
}

InterruptFlag::~InterruptFlag()
{
    std::signal(SIGINT, SIG_DFL);
}

const std::atomic<bool> *InterruptFlag::flag() const
{
    return &g_interrupted;
}

void InterruptFlag::requestStop() const
{
    g_interrupted.store(true);
}

TerminalProgress::TerminalProgress() : m_tty(isatty(STDERR_FILENO) != 0)
{
    m_sinceDraw.start();
}

TerminalProgress::~TerminalProgress()
{
    finish();
}

ProgressSink TerminalProgress::sink(const std::atomic<bool> *cancel)
{
    ProgressSink sink;
    sink.cancel = cancel;
    sink.report = [this](const QString &phase, qint64 done, qint64 total) {
        update(phase, done, total);
    };
    return sink;
}

void TerminalProgress::update(const QString &phase, qint64 done, qint64 total)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    const bool newPhase = phase != m_phase;
    if (newPhase) {
        m_phase = phase;
        m_lastDecile = -1;
    }
    const int percent = total > 0 ? int(100 * done / total) : 0;
    if (!m_tty) {
        const int decile = percent / 10;
        if (total > 0 && decile != m_lastDecile) {
            m_lastDecile = decile;
            std::fprintf(stderr, "%s: %lld/%lld (%d%%)\n", qPrintable(phase), (long long)done,
                         (long long)total, percent);
        }
        return;
    }
    // Redraw at most 20 times a second, and always at a phase change or the end.
    if (!newPhase && done != total && m_sinceDraw.elapsed() < 50)
        return;
    m_sinceDraw.restart();
    constexpr int width = 30;
    const int filled = total > 0 ? int(width * done / total) : 0;
    std::string bar(size_t(filled), '#');
    bar.append(size_t(width - filled), '.');
    std::fprintf(stderr, "\r\033[K%-24s [%s] %3d%%  %lld/%lld", qPrintable(phase), bar.c_str(),
                 percent, (long long)done, (long long)total);
    std::fflush(stderr);
    m_drawn = true;
}

void TerminalProgress::finish()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_tty && m_drawn)
        std::fprintf(stderr, "\r\033[K");
    m_drawn = false;
}

} // namespace masklab::cli
