handbookSearchLoaded("terms/sa",{"same":[8,2],"says":[8,3,19,1,20,1,21,1]});
