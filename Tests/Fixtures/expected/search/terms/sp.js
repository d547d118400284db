handbookSearchLoaded("terms/sp",{"sp":[10,3],"specialist":[10,54,20,14,22,14,24,14,2,6,25,4]});
