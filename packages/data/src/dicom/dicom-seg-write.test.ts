import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../test-utils/tmp.js';
import { pythonJson } from '../test-utils/python.js';
import { findDicomSeries, readDicomSeries } from './dicom-series.js';
import { writeDicomSeg } from './dicom-seg-write.js';

const SERIES = path.resolve(__dirname, '../../../../../shared/data/lgg_volumes/dicom/TCGA_CS_4943_20000902');

/** pydicom's view of a SEG, rebuilt into a label volume keyed by source SOPInstanceUID. */
const READ_SEG = `
import json, sys, pydicom, numpy as np
seg = pydicom.dcmread(sys.argv[1])
frames = seg.pixel_array.reshape((-1, seg.Rows, seg.Columns))
src = {}
for f in sorted(__import__("glob").glob(sys.argv[2] + "/*.dcm")):
    d = pydicom.dcmread(f, stop_before_pixels=True); src[d.SOPInstanceUID] = d
labels = {}
for n, fg in enumerate(seg.PerFrameFunctionalGroupsSequence):
    ref = fg.DerivationImageSequence[0].SourceImageSequence[0].ReferencedSOPInstanceUID
    segnum = int(fg.SegmentIdentificationSequence[0].ReferencedSegmentNumber)
    pos = [float(x) for x in fg.PlanePositionSequence[0].ImagePositionPatient]
    assert pos == [float(x) for x in src[ref].ImagePositionPatient], (pos, ref)
    vol = labels.setdefault(ref, np.full((seg.Rows, seg.Columns), -1))
    assert (vol[frames[n] == 1] == -1).all()
    vol[frames[n] == 1] = segnum
names = {int(s.SegmentNumber): s.SegmentLabel for s in seg.SegmentSequence}
counts = {}
for ref, vol in labels.items():
    for v, c in zip(*np.unique(vol[vol >= 0], return_counts=True)):
        counts[names[int(v)]] = counts.get(names[int(v)], 0) + int(c)
print(json.dumps({"sopClass": seg.SOPClassUID, "modality": seg.Modality, "frames": int(seg.NumberOfFrames),
  "refSeries": seg.ReferencedSeriesSequence[0].SeriesInstanceUID, "refCount": len(seg.ReferencedSeriesSequence[0].ReferencedInstanceSequence),
  "study": seg.StudyInstanceUID, "patient": seg.PatientID, "frameOfRef": seg.FrameOfReferenceUID, "counts": counts, "slicesCovered": len(labels)}))
`;

describe('writeDicomSeg', () => {
  it('writes a SEG pydicom reads with the referenced series, segments and frames of our label volume', async () => {
    const { dir, cleanup } = await makeTempDir();
    try {
      const [series] = await findDicomSeries(SERIES);
      const v = await readDicomSeries(series.files);
      const labels = new Int32Array(v.data.length);
      for (let i = 0; i < labels.length; i++) labels[i] = v.data[i] > 120 ? 7 : v.data[i] > 30 ? 3 : 0;
      const counts: Record<string, number> = {};
      for (const l of labels) counts[`region ${l}`] = (counts[`region ${l}`] ?? 0) + 1;
      const file = path.join(dir, 'labels.seg.dcm');
      await writeDicomSeg(file, { labels, dims: v.dims, series: v.dicom, description: 'cuts-ts kmeans' });
      const seg = pythonJson<Record<string, unknown>>(READ_SEG, file, SERIES);
      expect(seg.sopClass).toBe('1.2.840.10008.5.1.4.1.1.66.4');
      expect(seg.modality).toBe('SEG');
      expect(seg.refSeries).toBe(v.dicom.seriesInstanceUID);
      expect(seg.refCount).toBe(20);
      expect(seg.study).toBe(v.dicom.dataset.StudyInstanceUID);
      expect(seg.patient).toBe('TCGA_CS_4943_20000902');
      expect(seg.frameOfRef).toBe(v.dicom.frameOfReferenceUID);
      expect(seg.slicesCovered).toBe(20);
      expect(seg.counts).toEqual(counts);
      let frames = 0;
      for (const l of [0, 3, 7]) {
        for (let k = 0; k < 20; k++) if (labels.subarray(k * 65536, (k + 1) * 65536).includes(l)) frames++;
      }
      expect(seg.frames).toBe(frames);
    } finally {
      await cleanup();
    }
  });
});
