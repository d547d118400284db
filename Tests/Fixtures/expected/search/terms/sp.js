handbookSearchLoaded("terms/sp",{"sp":[10,3],"specialist":[10,54,2,6]});
