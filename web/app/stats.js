// Live numbers from pc.getStats() (W3C webrtc-stats), sampled once a second; rates are deltas
// between two samples.

export class StatsSampler {
  #previous = null;

  /** Reads the stats of pc and returns a plain summary object. */
  async sample(pc) {
    const report = await pc.getStats();
    const all = [...report.values()];
    const byId = id => (id ? report.get(id) : undefined);
    const rtp = (type, kind) => all
      .filter(s => s.type === type && s.kind === kind)
      .sort((a, b) => (b.packetsReceived ?? b.packetsSent ?? 0) - (a.packetsReceived ?? a.packetsSent ?? 0))[0];
    const video = rtp('inbound-rtp', 'video');
    const audioIn = rtp('inbound-rtp', 'audio');
    const audioOut = rtp('outbound-rtp', 'audio');
    const micSource = all.find(s => s.type === 'media-source' && s.kind === 'audio');
    const transport = all.find(s => s.type === 'transport' && s.selectedCandidatePairId);
    const pair = byId(transport?.selectedCandidatePairId) ?? all.find(s => s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded');
    const local = byId(pair?.localCandidateId);
    const remote = byId(pair?.remoteCandidateId);

    const now = performance.now();
    const bytesIn = transport?.bytesReceived ?? pair?.bytesReceived ?? 0;
    const bytesOut = transport?.bytesSent ?? pair?.bytesSent ?? 0;
    const framesDecoded = video?.framesDecoded ?? 0;
    const energyIn = { energy: audioIn?.totalAudioEnergy ?? 0, duration: audioIn?.totalSamplesDuration ?? 0 };
    const energyOut = { energy: micSource?.totalAudioEnergy ?? 0, duration: micSource?.totalSamplesDuration ?? 0 };
    const prev = this.#previous;
    const seconds = prev ? (now - prev.at) / 1000 : 0;
    const rate = (value, before) => (seconds > 0 && value >= before ? (value - before) / seconds : null);
    // webrtc-stats §totalAudioEnergy: the RMS level over an interval is sqrt(Δenergy / Δduration),
    // steadier than the instantaneous audioLevel for a once-a-second display.
    const rms = (current, before) => {
      const duration = current.duration - (before?.duration ?? 0);
      return duration > 0 ? Math.sqrt(Math.max(0, current.energy - (before?.energy ?? 0)) / duration) : 0;
    };
    this.#previous = { at: now, bytesIn, bytesOut, framesDecoded, energyIn, energyOut };

    return {
      at: Date.now(),
      video: {
        framesDecoded,
        framesReceived: video?.framesReceived ?? 0,
        keyFramesDecoded: video?.keyFramesDecoded ?? 0,
        framesPerSecond: video?.framesPerSecond ?? rate(framesDecoded, prev?.framesDecoded ?? 0) ?? 0,
        width: video?.frameWidth ?? 0,
        height: video?.frameHeight ?? 0,
        codec: byId(video?.codecId)?.mimeType ?? null,
        packetsLost: video?.packetsLost ?? 0,
        nackCount: video?.nackCount ?? 0,
        retransmittedPacketsReceived: video?.retransmittedPacketsReceived ?? 0,
      },
      audioIn: {
        level: rms(energyIn, prev?.energyIn),
        totalAudioEnergy: audioIn?.totalAudioEnergy ?? 0,
        packetsReceived: audioIn?.packetsReceived ?? 0,
        codec: byId(audioIn?.codecId)?.mimeType ?? null,
      },
      audioOut: {
        level: rms(energyOut, prev?.energyOut),
        totalAudioEnergy: micSource?.totalAudioEnergy ?? 0,
        packetsSent: audioOut?.packetsSent ?? 0,
      },
      bitrateIn: prev ? Math.round((rate(bytesIn, prev.bytesIn) ?? 0) * 8) : null,
      bitrateOut: prev ? Math.round((rate(bytesOut, prev.bytesOut) ?? 0) * 8) : null,
      candidateTypes: local && remote ? { local: local.candidateType, remote: remote.candidateType } : null,
      rttMs: pair?.currentRoundTripTime != null ? pair.currentRoundTripTime * 1000 : null,
      path: local && remote
        ? `${local.address ?? local.ip}:${local.port} ⇄ ${remote.address ?? remote.ip}:${remote.port} (${local.protocol}, ${local.candidateType}/${remote.candidateType})`
        : null,
    };
  }

  reset() {
    this.#previous = null;
  }
}
