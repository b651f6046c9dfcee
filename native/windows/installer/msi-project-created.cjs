// electron-builder msiProjectCreated hook: edits the generated WiX source before it is compiled.
// Adds the public, hidden, secure property ENROLLMENT_TOKEN and, only when it is given, writes
// it with the standard IniFile table (no custom-action code) to
//   %ProgramData%\ESR Kiosk\enrollment.ini   [Enrollment] Token=<token>
// which the kiosk's first start reads, enrols with and deletes
// (src-main/core/device/enrollment-token-file.ts). Hidden keeps the value out of verbose MSI
// logs; Secure lets `msiexec /i … ENROLLMENT_TOKEN=…` pass it to the elevated install.
'use strict';
/* global require, module */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS hook */

const { readFile, writeFile } = require('node:fs/promises');

// A fixed component GUID: a component's identity must be stable across versions (MSI rules).
const COMPONENT_GUID = 'B8E0C7C5-4F3A-4B0E-9C55-2F0C1D9E7A41';

const PROPERTY_AND_COMPONENT = `
    <Property Id="ENROLLMENT_TOKEN" Secure="yes" Hidden="yes"/>
    <DirectoryRef Id="TARGETDIR">
      <Directory Id="CommonAppDataFolder">
        <Directory Id="ESRKIOSKDATA" Name="ESR Kiosk">
          <Component Id="EnrollmentTokenFile" Guid="${COMPONENT_GUID}" Transitive="yes">
            <Condition><![CDATA[ENROLLMENT_TOKEN <> ""]]></Condition>
            <CreateFolder/>
            <IniFile Id="EnrollmentTokenIni" Action="addLine" Directory="ESRKIOSKDATA" Name="enrollment.ini" Section="Enrollment" Key="Token" Value="[ENROLLMENT_TOKEN]"/>
            <RegistryValue Root="HKLM" Key="SOFTWARE\\ESR Kiosk\\Installer" Name="EnrollmentTokenWritten" Type="integer" Value="1" KeyPath="yes"/>
          </Component>
        </Directory>
      </Directory>
    </DirectoryRef>
`;
const FEATURE_ANCHOR = '<ComponentGroupRef Id="ProductComponents"/>';

/** The WiX source with the enrolment-token property, component and its feature reference. */
function addEnrollmentToken(wxs) {
  if (wxs.includes('Id="ENROLLMENT_TOKEN"')) return wxs;
  const end = wxs.lastIndexOf('</Product>');
  if (end < 0 || !wxs.includes(FEATURE_ANCHOR)) {
    throw new Error('msiProjectCreated: the generated WiX source has changed shape; update this hook');
  }
  const withFeature = wxs.replace(FEATURE_ANCHOR, `${FEATURE_ANCHOR}\n      <ComponentRef Id="EnrollmentTokenFile"/>`);
  const productEnd = withFeature.lastIndexOf('</Product>');
  return `${withFeature.slice(0, productEnd)}${PROPERTY_AND_COMPONENT}  ${withFeature.slice(productEnd)}`;
}

async function msiProjectCreated(projectFile) {
  await writeFile(projectFile, addEnrollmentToken(await readFile(projectFile, 'utf8')));
}

module.exports = msiProjectCreated;
module.exports.default = msiProjectCreated;
module.exports.addEnrollmentToken = addEnrollmentToken;
