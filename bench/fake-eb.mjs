#!/usr/bin/env node
// A fake Elastic Beanstalk endpoint for the `eb://` benchmark (bench/run.mjs): answers the four
// read calls the reader makes with one small environment, on 127.0.0.1, and prints its port.
// A process of its own, since the benchmark waits on each ecsify run synchronously.
import { createServer } from 'node:http';

const NS = 'http://elasticbeanstalk.amazonaws.com/docs/2010-12-01/';
const ENV =
  '<EnvironmentName>shop-prod</EnvironmentName><ApplicationName>shop</ApplicationName><VersionLabel>v1</VersionLabel>' +
  '<Status>Ready</Status><PlatformArn>arn:aws:elasticbeanstalk:eu-west-1::platform/ECS running on 64bit Amazon Linux 2023/4.3.0</PlatformArn>' +
  '<Tier><Name>WebServer</Name><Type>Standard</Type></Tier><EnvironmentArn>arn:aws:elasticbeanstalk:eu-west-1:111122223333:environment/shop/shop-prod</EnvironmentArn>';
const option = (ns, name, value) => `<member><Namespace>${ns}</Namespace><OptionName>${name}</OptionName><Value>${value}</Value></member>`;
const RESULTS = {
  DescribeEnvironments: `<Environments><member>${ENV}</member></Environments>`,
  DescribeConfigurationSettings:
    '<ConfigurationSettings><member><DeploymentStatus>deployed</DeploymentStatus><OptionSettings>' +
    option('aws:elasticbeanstalk:application:environment', 'RAILS_ENV', 'production') +
    option('aws:autoscaling:asg', 'MaxSize', '8') +
    '</OptionSettings></member></ConfigurationSettings>',
  DescribeConfigurationOptions: '<Options/>',
  ListTagsForResource: '<ResourceTags/>',
};

const server = createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    const action = new URLSearchParams(body).get('Action') ?? '';
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end(`<${action}Response xmlns="${NS}"><${action}Result>${RESULTS[action] ?? ''}</${action}Result><ResponseMetadata><RequestId>bench</RequestId></ResponseMetadata></${action}Response>`);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
