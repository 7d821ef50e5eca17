// Plays an event's HLS stream: hls.js where the browser has Media Source Extensions, native HLS otherwise
// (Safari, iOS). Live streams start at the live edge; `startAt` (seconds) starts a replay or live rewind there.
export async function attachStream(video, url, { startAt = null, live = false } = {}) {
  const seekOnce = () => {
    if (startAt !== null && Number.isFinite(startAt)) video.currentTime = startAt;
  };
  video.addEventListener('loadedmetadata', seekOnce, { once: true });
  let hls = null;
  const { default: Hls } = await import('/static/vendor/hls.mjs').catch(() => ({ default: null }));
  if (Hls && Hls.isSupported()) {
    hls = new Hls({ liveSyncDurationCount: 2, lowLatencyMode: false, startPosition: startAt ?? -1 });
    hls.loadSource(url);
    hls.attachMedia(video);
  } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
    video.src = url;
  } else {
    throw new Error('no HLS playback in this browser');
  }
  return {
    // The live edge: hls.js knows it; natively it is the end of what can be seeked.
    backToLive() {
      const edge = hls && hls.liveSyncPosition ? hls.liveSyncPosition
        : video.seekable.length ? video.seekable.end(video.seekable.length - 1) - 1 : null;
      if (edge !== null) video.currentTime = edge;
      video.play().catch(() => {});
    },
    isLive: live,
  };
}
