handbookSearchLoaded("terms/se",{"second":[8,1],"see":[8,3],"senior":[9,3,10,3,11,3],"setting":[11,3]});
