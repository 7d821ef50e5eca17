// Plays an event's HLS stream: hls.js where the browser has Media Source Extensions, native HLS otherwise
// (Safari, iOS). Live streams start near the live edge; `startAt` (seconds) starts a replay or live rewind there.

// How far behind the newest segment a live viewer plays, in segments of the stream's own length: segments are
// listed within a frame of their end, so one and a half is enough to keep the buffer from running dry, and it
// keeps glass-to-viewer near two seconds with one-second segments (bench/RESULTS.md).
const LIVE_DISTANCE_IN_SEGMENTS = 1.5;
export async function attachStream(video, url, { startAt = null, live = false } = {}) {
  const seekOnce = () => {
    if (startAt !== null && Number.isFinite(startAt)) video.currentTime = startAt;
  };
  video.addEventListener('loadedmetadata', seekOnce, { once: true });
  let hls = null;
  const { default: Hls } = await import('/static/vendor/hls.mjs').catch(() => ({ default: null }));
  if (Hls && Hls.isSupported()) {
    hls = new Hls({
      liveSyncDuration: LIVE_DISTANCE_IN_SEGMENTS,
      liveMaxLatencyDuration: 8,
      maxLiveSyncPlaybackRate: 1.1,
      // Our playlists have no parts (standard HLS); in hls.js this mode is also what lets playback speed up a
      // little to come back to the target distance after start-up or a stall.
      lowLatencyMode: true,
      startPosition: startAt ?? -1,
    });
    // Captions come as a subtitles rendition (a text track). Live, the line under the player shows them as soon as
    // they are typed, so the track's cues load without being drawn on the picture; a replay draws them.
    hls.subtitleDisplay = !live;
    // The target duration is fixed at the longest segment a stream may have; the distance follows the segments the
    // stream really has (one second from our encoders, up to two from an encoder passed through).
    hls.on(Hls.Events.LEVEL_UPDATED, (_, { details }) => {
      const segments = details.fragments.slice(-6);
      if (!details.live || segments.length === 0) return;
      const typical = segments.reduce((sum, f) => sum + f.duration, 0) / segments.length;
      hls.config.liveSyncDuration = LIVE_DISTANCE_IN_SEGMENTS * typical;
    });
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
    // The wall-clock time of the frame on screen, from the playlist's program dates (null when unknown).
    playingDate() {
      if (hls) return hls.playingDate;
      const start = video.getStartDate ? video.getStartDate().getTime() : NaN;
      return Number.isFinite(start) ? new Date(start + video.currentTime * 1000) : null;
    },
  };
}
