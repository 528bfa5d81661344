/** Lint: a Windows container image or platform; the rest of ecsify's output assumes Linux. */
import { isWindowsImage } from '../lib/images.js';
import type { Pass } from '../pass.js';

export const windowsImage: Pass = {
  name: 'windows-image',
  run(app, ctx) {
    for (const s of app.services) {
      const platform = s.task.runtimePlatform;
      const byPlatform = platform?.operatingSystemFamily?.toUpperCase().startsWith('WINDOWS') ?? false;
      const container = s.task.containers.find((c) => c.image.kind === 'ref' && isWindowsImage(c.image.ref));
      if (!byPlatform && !container) continue;
      const what = container && container.image.kind === 'ref' ? `the Windows image ${container.image.ref}` : `the platform ${platform?.operatingSystemFamily}`;
      ctx.reporter.report('platform/windows', `Service ${s.name} runs ${what}.`, {
        origin: (container?.image.origin ?? container?.origin) || platform?.origin || s.origin,
        hint: byPlatform
          ? 'Check the converted settings: Linux-only ones (user, Linux parameters, read-only root) do not apply to Windows.'
          : 'Set the Windows Server version in the task definition (runtimePlatform.operatingSystemFamily, e.g. WINDOWS_SERVER_2022_CORE) and check Linux-only settings.',
        notes: app.settings.launchType === 'fargate' ? ['Windows tasks on Fargate need at least 1 vCPU and run on X86_64 only.'] : [],
      });
    }
    return app;
  },
};
