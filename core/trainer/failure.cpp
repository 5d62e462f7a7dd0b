#include "failure.h"

#include "torchapi.h"

#include <QStringList>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <new>
#include <thread>

namespace masklab::trainer {

namespace {

QString firstLine(const char *text)
{
    return QString::fromLocal8Bit(text).section(u'\n', 0, 0).trimmed();
}

// The N-th call of a counted kind ("sigint@N", "hold@N") is the one that acts.
bool isNthCall(const QString &kind, const QString &name)
{
    static std::atomic<int> calls{0};
    return kind.startsWith(name + u'@') && ++calls == kind.section(u'@', 1).toInt();
}

void holdUntilStopped(const char *point, const std::atomic<bool> *stop)
{
    std::fprintf(stderr, "masklab: held at %s until stopped (MASKLAB_INJECT_FAULT)\n", point);
    std::fflush(stderr);
    const auto giveUp = std::chrono::steady_clock::now() + std::chrono::minutes(2);
    while (stop && !stop->load() && std::chrono::steady_clock::now() < giveUp)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

} // namespace

QString describeFailure(std::exception_ptr failure)
{
    try {
        std::rethrow_exception(failure);
    } catch (const RunFailure &e) {
        return QString::fromStdString(e.what());
    } catch (const c10::Error &e) {
        const QString what = firstLine(e.what_without_backtrace());
        if (what.contains(QLatin1String("out of memory"), Qt::CaseInsensitive))
            return QStringLiteral("the GPU ran out of memory (%1); lower train.batch_size or the "
                                  "input size (data.input_width/height)")
                .arg(what);
        return QStringLiteral("LibTorch failed: %1").arg(what);
    } catch (const std::bad_alloc &) {
        return QStringLiteral("the computer ran out of memory; lower train.batch_size, "
                              "train.workers or the input size (data.input_width/height)");
    } catch (const std::exception &e) {
        return QStringLiteral("unexpected error: %1").arg(firstLine(e.what()));
    } catch (...) {
        return QStringLiteral("unexpected error of an unknown kind");
    }
}

void injectFault(const char *point, const std::atomic<bool> *stop)
{
    const QString wanted = QString::fromLocal8Bit(qgetenv("MASKLAB_INJECT_FAULT"));
    if (wanted.isEmpty() || wanted.section(u':', 0, 0) != QLatin1String(point))
        return;
    const QString kind = wanted.section(u':', 1);
    if (kind.startsWith(QLatin1String("sigint@")) || kind.startsWith(QLatin1String("hold@"))) {
        if (isNthCall(kind, QStringLiteral("sigint")))
            std::raise(SIGINT);
        else if (isNthCall(kind, QStringLiteral("hold")))
            holdUntilStopped(point, stop);
        return;
    }
    if (kind == QLatin1String("bad_alloc"))
        throw std::bad_alloc();
    if (kind == QLatin1String("cuda-oom"))
        TORCH_CHECK(false, "CUDA out of memory. Tried to allocate 2.00 GiB (injected)");
    TORCH_CHECK(false, "injected fault at ", point);
}

bool testLossScaling()
{
    return qEnvironmentVariableIsSet("MASKLAB_TEST_LOSS_SCALING");
}

bool testOverflowAt(int epoch, int batch)
{
    const QString steps = qEnvironmentVariable("MASKLAB_TEST_LOSS_SCALING");
    return !steps.isEmpty() &&
           steps.split(u',').contains(QStringLiteral("%1:%2").arg(epoch).arg(batch));
}

} // namespace masklab::trainer
