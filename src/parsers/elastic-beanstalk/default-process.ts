/**
 * What a language platform runs when the bundle has no Procfile (elastic-beanstalk.md §3,
 * "Without a Procfile"), written as a Procfile entry so the rest of the front end treats both
 * the same way.
 */
import { type EbContext } from './common.js';
import type { OptionStore } from './option-store.js';
import type { ProcfileEntry } from './procfile.js';
import { platformDefaultPort } from './procfile.js';
import { runtimeLabel, type PlatformInfo } from './platform.js';

function optionText(store: OptionStore, ns: string, opt: string): string | undefined {
  const v = store.get(ns, opt);
  if (!v) return undefined;
  const text = v.pieces.map((p) => ('text' in p ? p.text : '')).join('');
  return text.trim() || undefined;
}

/** The default web process of a platform, or undefined (reported) when there is none to run. */
export function defaultProcess(ctx: EbContext, platform: PlatformInfo, store: OptionStore): ProcfileEntry | undefined {
  const b = ctx.bundle;
  const rootFiles = b.list('').filter((e) => !e.dir).map((e) => e.name);
  let command: string | undefined;
  let why = '';
  switch (platform.runtime) {
    case 'nodejs': {
      const nodeCommand = optionText(store, 'aws:elasticbeanstalk:container:nodejs', 'NodeCommand');
      const pkg = b.readText('package.json');
      if (nodeCommand) {
        command = nodeCommand;
        why = 'the NodeCommand option (Amazon Linux AMI platforms)';
      } else if (pkg !== undefined && /"start"\s*:/.test(pkg)) {
        command = 'npm start';
        why = 'package.json has a start script';
      } else if (rootFiles.includes('app.js')) {
        command = 'node app.js';
        why = 'the bundle has app.js';
      } else if (rootFiles.includes('server.js')) {
        command = 'node server.js';
        why = 'the bundle has server.js';
      } else {
        command = 'npm start';
        why = 'the platform runs npm start by default';
      }
      break;
    }
    case 'python': {
      const wsgi = optionText(store, 'aws:elasticbeanstalk:container:python', 'WSGIPath') ?? 'application';
      const target = wsgi.includes(':') ? wsgi : `${wsgi.replace(/\.py$/, '').replace(/\//g, '.')}:application`;
      const procs = optionText(store, 'aws:elasticbeanstalk:container:python', 'NumProcesses') ?? '1';
      const threads = optionText(store, 'aws:elasticbeanstalk:container:python', 'NumThreads') ?? '15';
      command = `gunicorn --bind :${platformDefaultPort('python')} --workers ${procs} --threads ${threads} ${target}`;
      why = `the platform serves WSGIPath (${wsgi}) with Gunicorn`;
      break;
    }
    case 'ruby':
      command = b.kindOf('config/puma.rb') === 'file' ? 'bundle exec puma -C config/puma.rb' : `bundle exec puma -p ${platformDefaultPort('ruby')}`;
      why = 'the platform runs Puma';
      break;
    case 'go': {
      const bin = rootFiles.includes('application') ? './application' : './bin/application';
      command = bin;
      why = rootFiles.includes('application') ? 'the bundle has an application binary' : 'the platform builds application.go into bin/application';
      break;
    }
    case 'java-se': {
      const jars = rootFiles.filter((f) => f.endsWith('.jar'));
      command = `java -jar ${jars.length === 1 ? (jars[0] as string) : 'application.jar'}`;
      why = jars.length === 1 ? `the bundle has the single JAR ${jars[0] as string}` : 'the platform runs application.jar';
      break;
    }
    case 'dotnet': {
      const dll = rootFiles.find((f) => f.endsWith('.dll'));
      if (dll) {
        command = `dotnet ${dll}`;
        why = `the bundle has ${dll}`;
      }
      break;
    }
    case 'php':
      // EB ran nginx (or Apache) + php-fpm; the official php:<v>-apache image's own process is
      // the closest single-container equivalent (Apache + mod_php on port 80).
      command = 'apache2-foreground';
      why = "EB's PHP platform served the app through a web server and php-fpm; ecsify approximates it with Apache and mod_php from the official php:<version>-apache image (port 80)";
      break;
    default:
      break;
  }
  if (!command) {
    ctx.reporter.report('eb/no-app-definition', `The bundle has no Procfile and ecsify cannot tell what the ${runtimeLabel(platform.runtime)} platform ran.`, {
      hint: 'Add a Procfile with a `web: <command>` line.',
    });
    return undefined;
  }
  ctx.reporter.report('eb/default-process', `There is no Procfile; ecsify runs \`${command}\` as the web process because ${why}.`, {
    ...(platform.runtime === 'php' ? { severity: 'warning' as const } : {}),
    hint: 'Add a Procfile (`web: <command>`) to make the command explicit.',
  });
  return { name: 'web', command };
}
