// Lets GStreamer callbacks reach their owner only while it exists. A callback may still be running on a streaming
// thread when its owner is destroyed on the main loop; the owner closes the gate, which waits for a running
// callback and turns later ones away.
#pragma once

#include <memory>
#include <mutex>

#include <glib-object.h>

namespace openhall::streamer {

template <typename Owner>
class CallbackGate {
public:
    explicit CallbackGate(Owner* owner) : owner_(owner) {}

    // user_data for g_signal_connect_data, gst_app_sink_set_callbacks or gst_pad_add_probe: a reference to the gate,
    // released by `release` / `release_closure` when GStreamer drops the callback. All four: any thread.
    static gpointer ref(const std::shared_ptr<CallbackGate>& gate) { return new std::shared_ptr<CallbackGate>(gate); }
    static void release(gpointer data) { delete static_cast<std::shared_ptr<CallbackGate>*>(data); }
    static void release_closure(gpointer data, GClosure*) { release(data); }
    static const std::shared_ptr<CallbackGate>& from(gpointer data) {
        return *static_cast<std::shared_ptr<CallbackGate>*>(data);
    }

    // Runs `work(owner)` with the gate held, if the owner still exists. Any thread; callbacks through one gate run
    // one at a time. `work` must not use the same gate again (its mutex is not recursive).
    template <typename Work>
    void run(Work&& work) {
        std::lock_guard lock(mutex_);
        if (owner_) work(*owner_);
    }

    // The owner, read on the main loop (where owners are destroyed, so it cannot go while the caller uses it).
    Owner* owner_on_main_loop() {
        std::lock_guard lock(mutex_);
        return owner_;
    }

    // Called by the owner's destructor, on the main loop: waits for a callback in progress (blocking the loop for
    // that long); none runs afterwards.
    void close() {
        std::lock_guard lock(mutex_);
        owner_ = nullptr;
    }

private:
    std::mutex mutex_;
    Owner* owner_;
};

}  // namespace openhall::streamer
